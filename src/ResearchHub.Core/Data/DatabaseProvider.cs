namespace ResearchHub.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
