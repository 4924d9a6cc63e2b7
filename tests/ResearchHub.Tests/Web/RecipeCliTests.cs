using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Web;

/// <summary>The host's verbs (`recipe run FILE` above all) through the built host, as an operator runs them: a child process.</summary>
public sealed class RecipeCliTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hub-test-cli-").FullName;

    [Fact]
    public async Task Unknown_step_is_printed_exit_code_is_1_and_the_database_is_unchanged()
    {
        var recipe = Write("teleport.recipe.json", """
            { "name": "bad", "steps": [
              { "name": "settings", "values": { "NetworkName": "Changed" } },
              { "name": "teleport" } ] }
            """);

        var result = await RunHostAsync("recipe", "run", recipe);

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}\n{result}");
        Assert.Contains("Recipe not applied, nothing was changed", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("unknown step \"teleport\"", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("RecipeRuns"));
        Assert.Equal(0, await CountAsync("SiteSettings"));
    }

    [Fact]
    public async Task Help_lists_the_hosts_verbs_and_those_the_modules_contribute()
    {
        var result = await RunHostAsync("--help");

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{result}");
        foreach (var verb in new[] { "migrate", "recipe", "dev", "users", "openid", "search", "digests" })
        {
            Assert.Matches($@"(?m)^\s+{verb}\s", result.StdOut);
        }
    }

    [Fact]
    public async Task A_modules_verb_runs_and_an_unknown_verb_is_refused_instead_of_serving_the_site()
    {
        var reindex = await RunHostAsync("search", "reindex");
        Assert.True(reindex.ExitCode == 0, $"exit code {reindex.ExitCode}\n{reindex}");
        Assert.Contains("Search index rebuilt: 0 documents.", reindex.StdOut, StringComparison.Ordinal);

        var unknown = await RunHostAsync("teleport", "now");
        Assert.True(unknown.ExitCode != 0, $"exit code {unknown.ExitCode}\n{unknown}");
        Assert.Contains("teleport", unknown.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_file_is_printed_with_its_line_and_exit_code_is_1()
    {
        var recipe = Write("broken.recipe.json", "{\n  \"name\": \"broken\",\n  \"steps\": [ oops ]\n}\n");

        var result = await RunHostAsync("recipe", "run", recipe);

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}\n{result}");
        Assert.Contains("broken.recipe.json is not valid JSON (line 3, position", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("RecipeRuns"));
    }

    [Fact]
    public async Task A_good_recipe_is_applied_and_exit_code_is_0()
    {
        var recipe = Write("good.recipe.json", """
            { "name": "good", "steps": [ { "name": "settings", "values": { "NetworkName": "CLI network" } } ] }
            """);

        var result = await RunHostAsync("recipe", "run", recipe);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{result}");
        Assert.Contains("Recipe \"good\" applied.", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("RecipeRuns"));
        Assert.Equal(1, await CountAsync("SiteSettings WHERE Value = 'CLI network'"));
    }

    [Fact]
    public async Task Recipe_export_writes_a_recipe_with_its_files_that_recipe_run_accepts()
    {
        var demo = await RunHostAsync("recipe", "run", HubFactory.RecipePath("lac-research-network.recipe.json"));
        Assert.True(demo.ExitCode == 0, $"exit code {demo.ExitCode}\n{demo}");
        var folder = Path.Combine(_work, "export");

        var result = await RunHostAsync("recipe", "export", folder);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{result}");
        Assert.Contains($"to {Path.Combine(folder, "recipe.json")}", result.StdOut, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "files")));
        var names = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "recipe.json")))!["steps"]!.AsArray()
            .Select(s => s!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["settings", "organisations", "members", "pages", "vocabularies", "evaluation-questions", "resources",
            "meeting-series", "meetings", "date-polls", "questionnaires", "mailing-groups", "codebooks"], names); // the demo has an open date poll and questionnaire

        // Run on the hub it came from, it changes nothing but is recorded as run.
        var again = await RunHostAsync("recipe", "run", Path.Combine(folder, "recipe.json"));
        Assert.True(again.ExitCode == 0, $"exit code {again.ExitCode}\n{again}");

        // The same export as one zip (what /admin/export hands out) runs too, from a temporary folder that is removed afterwards.
        var zip = Path.Combine(_work, "export.zip");
        await ResearchHub.Core.Recipes.RecipeArchive.CreateAsync(folder, zip, CancellationToken.None);
        var runs = await CountAsync("RecipeRuns");
        var fromZip = await RunHostAsync("recipe", "run", zip);
        Assert.True(fromZip.ExitCode == 0, $"exit code {fromZip.ExitCode}\n{fromZip}");
        Assert.Contains($"Unpacking {zip}", fromZip.StdOut, StringComparison.Ordinal);
        Assert.Equal(runs + 1, await CountAsync("RecipeRuns"));
    }

    [Fact]
    public async Task A_zip_whose_entry_escapes_its_folder_is_refused_and_nothing_changes()
    {
        var zip = Path.Combine(_work, "slip.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(archive.CreateEntry("recipe.json").Open()))
            {
                writer.Write("""{ "name": "slip", "steps": [ { "name": "settings", "values": { "NetworkName": "Slipped" } } ] }""");
            }

            using (var writer = new StreamWriter(archive.CreateEntry("../outside.txt").Open()))
            {
                writer.Write("should never be written");
            }
        }

        var result = await RunHostAsync("recipe", "run", zip);

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}\n{result}");
        Assert.Contains("would be written outside the recipe's folder", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SiteSettings WHERE Value = 'Slipped'"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Left for the machine's temp cleanup.
        }
    }

    private string AppData => Path.Combine(_work, "App_Data");

    private string Write(string name, string content)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<long> CountAsync(string tableAndWhere)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(AppData, "hub.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {tableAndWhere}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<ProcessResult> RunHostAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestEnvironment.WebDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Configuration as an operator gives it: environment variables.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Hub__AppData"] = AppData;
        start.Environment["Hub__Database__Provider"] = "Sqlite";
        start.Environment["Hub__Mail__Transport"] = "Pickup";
        start.Environment["Hub__Setup__Recipe"] = "";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet ResearchHub.Web.dll {string.Join(' ', args)} did not exit within 90 s.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"stdout:\n{StdOut}\nstderr:\n{StdErr}";
    }
}
