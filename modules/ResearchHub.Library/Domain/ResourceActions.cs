namespace ResearchHub.Library.Domain;

public static class ResourceActions
{
    public const string Created = "created";
    public const string Edited = "edited";
    public const string Published = "published";
    public const string Unpublished = "unpublished";
    public const string FileAdded = "file-added";
    public const string FileRemoved = "file-removed";
    public const string Superseded = "superseded";
}
