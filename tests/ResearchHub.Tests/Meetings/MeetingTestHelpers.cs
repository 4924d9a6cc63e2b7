using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Meetings;

public sealed record IcsEvent(
    string Uid, int Sequence, string Summary, string Description, string? Location, string? Url, string? Status,
    string? Organizer, IReadOnlyList<string> Attendees, string? Tzid, string StartUtc, string EndUtc,
    string? StartUtcViaVtimezone, string? EndUtcViaVtimezone, string? Dtstamp = null, string? LastModified = null);

/// <summary>One observance (STANDARD or DAYLIGHT) of a VTIMEZONE.</summary>
public sealed record IcsObservance(string Kind, string OffsetFrom, string OffsetTo, string? Rrule);

/// <summary>An .ics file as python3-icalendar reads it (parse_ics.py).</summary>
public sealed record ParsedIcs(string File, string? Method, string Version, IReadOnlyList<string> Timezones, IReadOnlyList<IcsEvent> Events, bool CrlfOnly, int MaxLineOctets,
    IReadOnlyDictionary<string, IReadOnlyList<IcsObservance>>? TimezoneRules = null);

public sealed record MailAttachment(string? Filename, string ContentType, string? Method, string Content);

/// <summary>A message with its attachments as Python's email package reads it (parse_mail_ics.py).</summary>
public sealed record MailWithAttachments(string File, IReadOnlyList<string> To, IReadOnlyList<string> EnvelopeTo, string Subject, string? Text, IReadOnlyList<MailAttachment> Attachments, IReadOnlyList<string> Defects,
    string? ListUnsubscribe = null, string? ListUnsubscribePost = null);

internal static class MeetingTestHelpers
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Script(string name) => Path.Combine(TestEnvironment.RepoRoot, "tests", "ResearchHub.Tests", "Meetings", name);

    public static async Task<IReadOnlyList<T>> RunPythonAsync<T>(string script, IReadOnlyCollection<string> files)
    {
        var start = new ProcessStartInfo(TestEnvironment.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script(script));
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} failed: {await stderr}");
        return [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<T>(l, Json)!)];
    }

    /// <summary>
    /// An .ics file read by two parsers: python3-icalendar (what the tests assert on) and Ical.Net,
    /// which must read the same method, events, UIDs, sequences and instants.
    /// </summary>
    public static async Task<ParsedIcs> ParseIcsAsync(string content)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hub-test-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(file, content);
        ParsedIcs parsed;
        try
        {
            parsed = (await RunPythonAsync<ParsedIcs>("parse_ics.py", [file])).Single();
        }
        finally
        {
            File.Delete(file);
        }

        var calendar = Ical.Net.Calendar.Load(content);
        Assert.NotNull(calendar);
        Assert.Equal(parsed.Method, calendar.Method);
        Assert.Equal(parsed.Timezones, calendar.TimeZones.Select(z => z.TzId!).Order(StringComparer.Ordinal));
        Assert.Equal(parsed.Events.Select(e => (e.Uid, e.Sequence, e.Summary)), calendar.Events.Select(e => (e.Uid!, e.Sequence, e.Summary ?? "")));
        foreach (var (python, ical) in parsed.Events.Zip(calendar.Events))
        {
            Assert.Equal(DateTimeOffset.Parse(python.StartUtc, CultureInfo.InvariantCulture), new DateTimeOffset(ical.DtStart!.AsUtc));
            Assert.Equal(DateTimeOffset.Parse(python.EndUtc, CultureInfo.InvariantCulture), new DateTimeOffset(ical.DtEnd!.AsUtc));
        }

        return parsed;
    }

    /// <summary>Every message the test SMTP server has received for the address, with attachments.</summary>
    public static async Task<IReadOnlyList<MailWithAttachments>> MailsToAsync(string address)
    {
        var folder = Path.Combine(TestEnvironment.Maildir, "new");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        // Only files naming the address need the parser (the shared server holds every test's mail).
        var files = Directory.GetFiles(folder).Where(f => File.ReadAllText(f).Contains(address, StringComparison.OrdinalIgnoreCase)).ToList();
        if (files.Count == 0)
        {
            return [];
        }

        var parsed = await RunPythonAsync<MailWithAttachments>("parse_mail_ics.py", files);
        return [.. parsed.Where(m => m.To.Concat(m.EnvelopeTo).Contains(address, StringComparer.OrdinalIgnoreCase)).OrderBy(m => m.File, StringComparer.Ordinal)];
    }

    public static Task<IReadOnlyList<MailWithAttachments>> WaitForMailsAsync(string address, Func<MailWithAttachments, bool> match, int count = 1) =>
        Poll.ForAsync(async () =>
        {
            var mails = (await MailsToAsync(address)).Where(match).ToList();
            return mails.Count >= count ? (IReadOnlyList<MailWithAttachments>?)mails : null;
        }, $"{count} message(s) to {address}", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));

    public static async Task<long> CreateMeetingAsync(
        HubFactory hub, string title, DateTime localStart, DateTime localEnd, string zone = "Europe/London",
        int? capacity = null, MeetingVisibility visibility = MeetingVisibility.Network, string? venue = null, string? description = null)
    {
        return await hub.WithScopeAsync(async sp =>
        {
            var outcome = await sp.GetRequiredService<MeetingService>().CreateAsync(
                new MeetingInput(title, description, localStart, localEnd, zone, venue, null, capacity, visibility, MeetingStatus.Confirmed, null), null, default);
            Assert.True(outcome.Succeeded, string.Join(" ", outcome.Problems.Select(p => p.Message)));
            return outcome.Value!.Id;
        });
    }

    public static Task<Outcome<Registration>> RegisterAsync(HubFactory hub, long meetingId, string userId, RegistrationResponse response = RegistrationResponse.Yes) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<RegistrationService>().RegisterAsync(meetingId, userId, new RegistrationInput(response, null, null), default));

    public static Task<string> ApiTokenAsync(HubFactory hub, HubUser user, params string[] scopes) =>
        hub.WithScopeAsync(async sp =>
        {
            var (token, errors) = await sp.GetRequiredService<ApiTokenService>().CreateAsync(user, false, "test", scopes, 30, default);
            Assert.True(token is not null, string.Join(" ", errors));
            return token!.PlainText;
        });

    public static Task<T> DbAsync<T>(HubFactory hub, Func<HubDbContext, Task<T>> work) => hub.WithDbAsync(work);

    public static Task<List<Registration>> RegistrationsAsync(HubFactory hub, long meetingId) =>
        hub.WithDbAsync(db => db.Set<Registration>().AsNoTracking().Where(r => r.MeetingId == meetingId).ToListAsync());

    public static string Local(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A future day at a time of day, in the future of both the system's and any test clock (test
    /// clocks start at the system's time and are only moved forward by days).
    /// </summary>
    public static DateTime FutureDay(int daysAhead, int hour, int minute = 0) =>
        TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(daysAhead).AddHours(hour).AddMinutes(minute);
}
