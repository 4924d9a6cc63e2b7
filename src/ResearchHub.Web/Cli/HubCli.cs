using System.CommandLine;
using ResearchHub.Core.Cli;
using ResearchHub.Core.Data;
using ResearchHub.Core.Recipes;
using ResearchHub.Web.Hosting;

namespace ResearchHub.Web.Cli;

/// <summary>
/// The command line. With no verb the host serves the site (its arguments are options such as
/// <c>--urls</c>); with one it does that job and exits. The host's own verbs are <c>migrate</c>,
/// <c>recipe run FILE</c>, <c>recipe export DIR</c> and <c>dev schema-script</c>; the modules add theirs
/// as <see cref="IHubCommand"/> (<c>users create-admin</c>, <c>openid rotate-keys</c>, <c>search reindex</c>,
/// <c>digests send-due</c>). An unknown verb is refused with the list of verbs.
/// </summary>
public static class HubCli
{
    private static readonly HashSet<string> HelpOptions = ["--help", "-h", "-?"];

    /// <summary>A first argument that is not an option names a verb (serving takes options only).</summary>
    private static bool IsVerb(string[] args) => args.Length > 0 && (!args[0].StartsWith('-') || HelpOptions.Contains(args[0]));

    /// <summary>The arguments the web host should see: none when a verb runs (they are the verb's).</summary>
    public static string[] HostArgs(string[] args) => IsVerb(args) ? [] : args;

    /// <summary>Services a verb's options change before the host is built: <c>--now</c> (<c>digests send-due</c>) replaces the clock.</summary>
    public static void ConfigureServices(IServiceCollection services, string[] args)
    {
        if (!IsVerb(args))
        {
            return;
        }

        DateTimeOffset? now;
        try
        {
            now = ShiftedTimeProvider.FromArgs(args);
        }
        catch (FormatException)
        {
            return; // the verb's own parsing reports it
        }

        if (now is { } instant)
        {
            services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(instant));
        }
    }

    public static async Task<int> RunOrServeAsync(WebApplication app, string[] args)
    {
        if (!IsVerb(args))
        {
            await app.RunAsync();
            return 0;
        }

        // Verbs do their own migrating; the web's start-up work does not run.
        var root = new RootCommand("ResearchHub: run with no verb to serve the site.")
        {
            MigrateCommand(app),
            RecipeCommand(app),
            DevCommand(app),
        };
        foreach (var command in app.Services.GetServices<IHubCommand>())
        {
            root.Subcommands.Add(command.Create(app.Services));
        }

        return await root.Parse(args).InvokeAsync();
    }

    private static Command MigrateCommand(WebApplication app)
    {
        var command = new Command("migrate", "Apply the database migrations, under the start-up lock.");
        command.SetAction(async (_, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            Console.WriteLine("Migrating the database...");
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            Console.WriteLine("Database is up to date.");
            return 0;
        });
        return command;
    }

    private static Command RecipeCommand(WebApplication app)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The recipe (*.recipe.json, or an exported recipe's .zip) to run." };
        var run = new Command("run", "Run a recipe in one transaction; nothing changes if any step fails.") { file };
        run.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            string? unpacked = null;
            try
            {
                if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    // An export downloaded from /admin/export: unpacked to a temporary folder, which the recipe's "path" entries are relative to.
                    unpacked = Directory.CreateTempSubdirectory("hub-recipe-").FullName;
                    Console.WriteLine($"Unpacking {path}");
                    path = await RecipeArchive.ExtractAsync(path, unpacked, ct);
                }

                Console.WriteLine($"Running recipe {path}");
                var context = await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().RunFileAsync(path, ct);
                foreach (var line in context.Log)
                {
                    Console.WriteLine($"  done: {line}");
                }

                Console.WriteLine($"Recipe \"{context.RecipeName}\" applied.");
                return 0;
            }
            catch (RecipeException ex)
            {
                await Console.Error.WriteLineAsync($"Recipe not applied, nothing was changed: {ex.Message}");
                return 1;
            }
            finally
            {
                if (unpacked is not null)
                {
                    Directory.Delete(unpacked, recursive: true);
                }
            }
        });
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The folder to write recipe.json and files/ to (created when missing)." };
        var export = new Command("export", "Write the site's content as a recipe that \"recipe run\" on another hub imports (again and again, changing nothing).") { directory };
        export.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(directory)!.FullName;
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<RecipeExportService>().ExportAsync(path, ct);
            Console.WriteLine($"Exported {result.Steps} steps and {result.Files} files to {result.RecipePath}");
            Console.WriteLine("Members are exported without passwords: on the other hub they set one through \"forgot password\" or an invitation.");
            return 0;
        });
        return new Command("recipe", "Content recipes.") { run, export };
    }

    private static Command DevCommand(WebApplication app)
    {
        var provider = new Option<DatabaseProvider>("--provider") { Description = "Sqlite or Postgres.", DefaultValueFactory = _ => DatabaseProvider.Sqlite };
        var script = new Command("schema-script", "Print the CREATE script of the current EF model, the source of a new migration's SQL.") { provider };
        script.SetAction(parse =>
        {
            var options = new DatabaseOptions
            {
                Provider = parse.GetValue(provider),
                ConnectionString = parse.GetValue(provider) == DatabaseProvider.Postgres ? "Host=localhost" : "Data Source=:memory:",
            };
            Console.Write(SchemaScript.Generate(app.Services, options));
            return 0;
        });
        return new Command("dev", "Developer tools.") { script };
    }
}
