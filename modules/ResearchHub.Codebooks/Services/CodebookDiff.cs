namespace ResearchHub.Codebooks.Services;

/// <summary>What changed between two versions, code by code, matched by GUID.</summary>
public static class CodebookDiff
{
    public static IReadOnlyList<CodeChange> Compare(CodebookSnapshot from, CodebookSnapshot to)
    {
        var before = from.Codes.ToDictionary(c => c.Guid);
        var after = to.Codes.ToDictionary(c => c.Guid);
        var beforePaths = from.Tree().ToDictionary(r => r.Code.Guid, r => r.Path);
        var afterPaths = to.Tree().ToDictionary(r => r.Code.Guid, r => r.Path);
        var changes = new List<CodeChange>();
        foreach (var row in to.Tree())
        {
            var code = row.Code;
            if (!before.TryGetValue(code.Guid, out var old))
            {
                changes.Add(new(ChangeKind.Added, code.Guid, code.Name, row.Path));
                continue;
            }

            if (old.Name != code.Name)
            {
                changes.Add(new(ChangeKind.Renamed, code.Guid, code.Name, $"“{old.Name}” → “{code.Name}”"));
            }

            if (old.Parent != code.Parent)
            {
                changes.Add(new(ChangeKind.Moved, code.Guid, code.Name, $"{ParentPath(beforePaths, old.Parent)} → {ParentPath(afterPaths, code.Parent)}"));
            }

            var fields = new List<string>();
            if (old.Definition != code.Definition)
            {
                fields.Add("definition");
            }

            if (old.WhenToUse != code.WhenToUse)
            {
                fields.Add("when to use");
            }

            if (old.WhenNotToUse != code.WhenNotToUse)
            {
                fields.Add("when not to use");
            }

            if (old.Example != code.Example)
            {
                fields.Add("example");
            }

            if (fields.Count > 0)
            {
                changes.Add(new(ChangeKind.Redefined, code.Guid, code.Name, string.Join(", ", fields)));
            }
        }

        foreach (var row in from.Tree().Where(r => !after.ContainsKey(r.Code.Guid)))
        {
            changes.Add(new(ChangeKind.Removed, row.Code.Guid, row.Code.Name, row.Path));
        }

        return changes;

        static string ParentPath(Dictionary<Guid, string> paths, Guid? parent) =>
            parent is { } p && paths.TryGetValue(p, out var path) ? $"under “{path}”" : "at the top level";
    }
}
