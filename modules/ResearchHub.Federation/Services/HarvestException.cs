namespace ResearchHub.Federation.Services;

/// <summary>A source answered with something the harvester will not take: the run stops with this message.</summary>
public sealed class HarvestException(string message, Exception? inner = null) : Exception(message, inner);
