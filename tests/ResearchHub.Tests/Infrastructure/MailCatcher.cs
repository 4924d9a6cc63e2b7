using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>
/// Reads what an aiosmtpd server received (its Maildir's new/ folder) and parses each message with
/// Python's email package (parse_mail.py), so tests assert on a real MIME parser's view of the mail.
/// Use a unique recipient address per test: the shared server receives every test's mail.
/// </summary>
public sealed class MailCatcher(string maildir)
{
    private static readonly Lazy<MailCatcher> SharedCatcher = new(() => new MailCatcher(TestEnvironment.Maildir));
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly ConcurrentDictionary<string, ParsedMail> _parsed = new(StringComparer.Ordinal);

    /// <summary>The test.sh SMTP server's Maildir (HUB_TEST_MAILDIR).</summary>
    public static MailCatcher Shared => SharedCatcher.Value;

    public string Maildir { get; } = maildir;

    /// <summary>Waits (polling) until at least one message to <paramref name="address"/> has arrived; returns the first.</summary>
    public async Task<ParsedMail> WaitForMessageToAsync(string address, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var messages = await Poll.ForAsync(async () =>
        {
            var found = await MessagesToAsync(address, ct);
            return found.Count > 0 ? found : null;
        }, $"a message to {address} in {Maildir}", timeout, TimeSpan.FromMilliseconds(200), ct);
        return messages[0];
    }

    /// <summary>Every message received so far whose envelope or To: names <paramref name="address"/>.</summary>
    public async Task<IReadOnlyList<ParsedMail>> MessagesToAsync(string address, CancellationToken ct = default)
    {
        var folder = Path.Combine(Maildir, "new");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var fresh = Directory.GetFiles(folder).Where(f => !_parsed.ContainsKey(f)).ToArray();
        if (fresh.Length > 0)
        {
            foreach (var mail in await ParseAsync(fresh, ct))
            {
                _parsed[mail.File] = mail;
            }
        }

        return _parsed.Values
            .Where(m => m.EnvelopeTo.Concat(m.To).Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(m => m.File, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Parses message files (.eml, Maildir entries) with parse_mail.py.</summary>
    public static async Task<IReadOnlyList<ParsedMail>> ParseAsync(IReadOnlyCollection<string> files, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(TestEnvironment.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestEnvironment.InfrastructureFile("parse_mail.py"));
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start parse_mail.py.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"parse_mail.py failed ({process.ExitCode}): {await stderr}");
        }

        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<ParsedMail>(line, Json)!)
            .ToList();
    }

    public static async Task<ParsedMail> ParseAsync(string file, CancellationToken ct = default) =>
        (await ParseAsync([file], ct)).Single();
}

/// <summary>A message as Python's email package (policy=default) sees it.</summary>
public sealed record ParsedMail(
    string File,
    IReadOnlyDictionary<string, string[]> Headers,
    string? MessageId,
    string? Date,
    string? DateIso,
    IReadOnlyList<string> From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> EnvelopeTo,
    string? Subject,
    string ContentType,
    bool IsMultipart,
    IReadOnlyList<string> Parts,
    string? Text,
    string? Html,
    IReadOnlyList<string> Defects,
    IReadOnlyList<ParsedAttachment> Attachments)
{
    /// <summary>The values of a header, matched case-insensitively (empty when absent).</summary>
    public IReadOnlyList<string> Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).SelectMany(h => h.Value).ToList();

    public override string ToString() => $"{ContentType} \"{Subject}\" to {string.Join(", ", To)} ({File})";
}

/// <summary>An attachment as Python's email package sees it; <see cref="Text"/> is set for text/* parts.</summary>
public sealed record ParsedAttachment(string? Filename, string ContentType, IReadOnlyDictionary<string, string> Params, string? Text, int Size);
