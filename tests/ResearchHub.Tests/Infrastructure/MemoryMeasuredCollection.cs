namespace ResearchHub.Tests.Infrastructure;

/// <summary>Tests that measure the process's memory run alone: no other test class runs beside them.</summary>
[CollectionDefinition(nameof(MemoryMeasuredCollection), DisableParallelization = true)]
public sealed class MemoryMeasuredCollection;
