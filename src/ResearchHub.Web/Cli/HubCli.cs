using System.CommandLine;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Recipes;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Search.Services;
using ResearchHub.Web.Hosting;

namespace ResearchHub.Web.Cli;

/// <summary>
/// The host's verbs. With no verb the host serves the site; with one it does that job and exits:
/// <c>migrate</c>, <c>recipe run FILE</c>, <c>recipe export DIR</c>, <c>users create-admin EMAIL</c>, <c>openid rotate-keys</c>, <c>search reindex</c>, <c>digests send-due</c>, <c>dev schema-script</c>.
/// </summary>
public static class HubCli
{
    private static readonly HashSet<string> Verbs = ["migrate", "recipe", "users", "search", "digests", "openid", "dev", "--help", "-h", "-?"];

    private static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <summary>The arguments the web host should see: none when a verb runs (they are the verb's).</summary>
    public static string[] HostArgs(string[] args) => IsVerb(args) ? [] : args;

    /// <summary>Services a verb's options change before the host is built: <c>digests send-due --now</c> replaces the clock.</summary>
    public static void ConfigureServices(IServiceCollection services, string[] args)
    {
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
            UsersCommand(app),
            OpenIdCommand(app),
            SearchCommand(app),
            DevCommand(app),
            DigestsCommand(app),
        };
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

    private static Command SearchCommand(WebApplication app)
    {
        var reindex = new Command("reindex", "Rebuild the search index from the data, in batches: search keeps answering meanwhile.");
        reindex.SetAction(async (_, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var progress = new Progress<(string Type, int Done)>(p => Console.WriteLine($"  {p.Type}: {p.Done:N0} documents"));
            Console.WriteLine("Rebuilding the search index...");
            var total = await scope.ServiceProvider.GetRequiredService<ReindexService>().RebuildAsync(progress, ct);
            Console.WriteLine($"Search index rebuilt: {total:N0} documents.");
            return 0;
        });
        return new Command("search", "Search index maintenance.") { reindex };
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

    private static Command UsersCommand(WebApplication app)
    {
        var email = new Argument<string>("EMAIL") { Description = "The administrator's email address." };
        var password = new Option<string?>("--password") { Description = "The password; one is generated and printed when omitted." };
        var createAdmin = new Command("create-admin", "Create an administrator (or make an existing member one).") { email, password };
        createAdmin.SetAction(async (parse, ct) =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<AdminBootstrapService>()
                .CreateAdministratorAsync(parse.GetValue(email)!, parse.GetValue(password), ct);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"Administrator not created: {result.Error}");
                return 1;
            }

            Console.WriteLine(result.GeneratedPassword is null
                ? $"{result.Email} is an administrator."
                : $"{result.Email} is an administrator. Password (shown once): {result.GeneratedPassword}");
            return 0;
        });
        return new Command("users", "Members.") { createAdmin };
    }

    private static Command OpenIdCommand(WebApplication app)
    {
        var dropBefore = new Option<string?>("--drop-before")
        {
            Description = "Also delete keys created before this ISO 8601 instant (tokens they signed or encrypted stop working).",
        };
        var rotate = new Command("rotate-keys", "Add a new signing and encryption key to the OpenID Connect provider; each node uses them from its next start.") { dropBefore };
        rotate.SetAction(async (parse, ct) =>
        {
            DateTimeOffset? before = null;
            if (parse.GetValue(dropBefore) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"--drop-before: \"{text}\" is not an ISO 8601 instant.");
                    return 2;
                }

                before = parsed;
            }

            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var dropped = await scope.ServiceProvider.GetRequiredService<ResearchHub.Accounts.Services.OpenIdKeyRing>()
                .RotateAsync(scope.ServiceProvider.GetRequiredService<HubDbContext>(), before, ct);
            Console.WriteLine($"New OpenID Connect keys added ({dropped} old ones deleted). Restart every node to sign with them.");
            return 0;
        });
        return new Command("openid", "The OpenID Connect provider.") { rotate };
    }

    private static Command DigestsCommand(WebApplication app)
    {
        var now = new Option<string?>("--now")
        {
            Description = "Run as if the time were this ISO 8601 instant (e.g. 2026-12-01T08:00:00Z); the clock moves on from there. "
                + "For catching up a missed run or rehearsing a period; the digests and outbox rows it writes carry that time.",
        };
        var sendDue = new Command("send-due", "Compose every due mailing-group digest and deliver the outbox, with a progress line.") { now };
        sendDue.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(now) is { } value)
            {
                try
                {
                    Console.WriteLine($"Clock set to {ShiftedTimeProvider.Parse(value):u}.");
                }
                catch (FormatException ex)
                {
                    await Console.Error.WriteLineAsync(ex.Message);
                    return 2;
                }
            }

            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            return await scope.ServiceProvider.GetRequiredService<DigestCommand>().SendDueAsync(new Progress<string>(Console.WriteLine), ct);
        });
        return new Command("digests", "Mailing-group digests.") { sendDue };
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
