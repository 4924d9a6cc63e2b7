namespace ResearchHub.Library.Jobs;

/// <summary>A file went past one of the extraction limits; the message says which, in words for the page.</summary>
internal sealed class ExtractionLimitException(string message) : Exception(message);
