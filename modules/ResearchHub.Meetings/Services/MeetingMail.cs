using System.Globalization;
using System.Net.Mail;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Members;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Web;
using ResearchHub.Meetings.Calendar;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>
/// Invitations, updates, cancellations, places freed and reminders, each with the meeting's .ics
/// attached, written to the outbox in the caller's unit of work (so they go out only if the change
/// commits). Dedup keys name the cause, so one cause can never mail a member twice.
/// </summary>
public sealed class MeetingMail(
    HubDbContext db,
    IMemberDirectory directory,
    MailOutbox outbox,
    PublicUrls urls,
    SiteSettingsService siteSettings,
    IOptions<MailOptions> mailOptions,
    NotificationSettings settings,
    NotificationTokens tokens,
    TimeProvider clock)
{
    public string MeetingUrl(long meetingId) => urls.Absolute(MeetingsUrls.Meeting(meetingId));

    /// <summary>The members a meeting's news goes to: those invited and those registered, minus anyone who declined or cancelled.</summary>
    public async Task<List<Member>> AudienceAsync(long meetingId, CancellationToken ct)
    {
        var invited = await db.Set<MeetingInvitation>().Where(i => i.MeetingId == meetingId).Select(i => i.UserId).ToListAsync(ct);
        var registrations = await db.Set<Registration>().Where(r => r.MeetingId == meetingId)
            .Select(r => new { r.UserId, NotAttending = r.Status == RegistrationStatus.NotAttending || r.Response == RegistrationResponse.No })
            .ToListAsync(ct);
        var notAttending = registrations.Where(r => r.NotAttending).Select(r => r.UserId).ToHashSet(StringComparer.Ordinal);
        var members = await directory.FindAsync(invited.Concat(registrations.Select(r => r.UserId)).Where(id => !notAttending.Contains(id)), ct);
        return [.. members.Values.Where(m => m.Email is not null).OrderBy(m => m.Email, StringComparer.Ordinal)];
    }

    public async Task InviteAsync(Meeting meeting, IEnumerable<Member> members, CancellationToken ct)
    {
        foreach (var member in members)
        {
            await SendAsync(meeting, member, "meeting-invitation", CalendarMethod.Request,
                $"Invitation: {meeting.Title}",
                "You are invited to this meeting. Register on its page to take a place.",
                $"meeting-invitation:{meeting.Id}:{member.Id}:{meeting.Sequence}", ct);
        }
    }

    /// <summary>A poll has closed on a date: its invitees and respondents are invited to the meeting with that date (the .ics).</summary>
    public async Task DateChosenAsync(Meeting meeting, DatePoll poll, IEnumerable<Member> members, CancellationToken ct)
    {
        foreach (var member in members)
        {
            await SendAsync(meeting, member, "meeting-poll-closed", CalendarMethod.Request,
                $"Date chosen: {meeting.Title}",
                $"The date poll “{poll.Title}” has closed. The meeting will be on {MeetingTime.Describe(meeting.StartUtc, meeting.EndUtc, MeetingTime.ZoneOrDefault(meeting.TimeZoneId))}, and you are invited: register on its page to take a place.",
                $"meeting-poll-closed:{poll.Id}:{member.Id}", ct, MeetingNotification.PollClosed);
        }
    }

    /// <summary>A new date poll: each invitee gets the link, the proposed dates and the day to answer by.</summary>
    public async Task PollOpenedAsync(DatePoll poll, IReadOnlyCollection<Member> invitees, CancellationToken ct)
    {
        var link = urls.Absolute(MeetingsUrls.Poll(poll.Id));
        var lines = new StringBuilder();
        foreach (var slot in poll.Slots.OrderBy(s => s.StartUtc))
        {
            lines.Append(CultureInfo.InvariantCulture, $"- {MeetingTime.Describe(slot.StartUtc, slot.EndUtc, MeetingTime.ZoneOrDefault(slot.TimeZoneId))}\n");
        }

        var deadline = poll.AnswerBy is { } by
            ? $"Please answer by {by.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}."
            : "Please answer soon: the organiser closes the poll once a date is clear.";
        foreach (var member in invitees)
        {
            await NoticeAsync(member, MeetingNotification.PollOpened, "meeting-poll-opened",
                $"Which dates suit you? {poll.Title}",
                $"You are invited to say which of these dates suit you for “{poll.Title}” (yes, if need be, or no for each):\n\n{lines}\n{deadline}",
                "Answer the poll", link, $"meeting-poll-opened:{poll.Id}:{member.Id}", null, ct);
        }
    }

    /// <summary>The pre-meeting questionnaire has opened: everyone invited or registered is asked to answer it.</summary>
    public async Task QuestionnaireOpenedAsync(Meeting meeting, long questionnaireId, CancellationToken ct)
    {
        foreach (var member in await AudienceAsync(meeting.Id, ct))
        {
            await NoticeAsync(member, MeetingNotification.QuestionnaireOpened, "meeting-questionnaire-opened",
                $"Questionnaire before {meeting.Title}",
                $"Before “{meeting.Title}” ({When(meeting)}), the organisers ask a few short questions. Your answers are anonymous: they shape the agenda.",
                "Answer the questionnaire", urls.Absolute(MeetingsUrls.Questionnaire(meeting.Id)),
                $"meeting-questionnaire-opened:{questionnaireId}:{member.Id}", null, ct);
        }
    }

    /// <summary>The report is open for review: participants are asked to read it and comment before the review closes.</summary>
    public async Task ReportInReviewAsync(Meeting meeting, MeetingReport report, CancellationToken ct)
    {
        var closes = report.ReviewClosesAt is { } at
            ? $" Comments are open until {MeetingTime.ToLocal(at, MeetingTime.ZoneOrDefault(meeting.TimeZoneId)).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({meeting.TimeZoneId})."
            : "";
        foreach (var member in await AudienceAsync(meeting.Id, ct))
        {
            await NoticeAsync(member, MeetingNotification.ReportInReview, "meeting-report-review",
                $"Report for review: {meeting.Title}",
                $"The report of “{meeting.Title}” is ready for participants' review: please read it and add your comments.{closes}",
                "Read and comment", urls.Absolute(MeetingsUrls.Report(meeting.Id)),
                $"meeting-report-review:{report.Id}:{member.Id}:{report.ReviewClosesAt?.UtcTicks}", null, ct);
        }
    }

    /// <summary>A member took a place: the confirmation, with the calendar entry (ACCEPTED).</summary>
    public Task RegisteredAsync(Meeting meeting, Member member, long registrationVersion, CancellationToken ct) =>
        SendAsync(meeting, member, "meeting-registration", CalendarMethod.Request,
            $"Registered: {meeting.Title}",
            "Your registration is confirmed: you have a place. The attached calendar entry adds the meeting to your calendar.",
            $"meeting-registration:{meeting.Id}:{member.Id}:{registrationVersion}", ct, MeetingNotification.RegistrationConfirmed);

    public async Task UpdateAsync(Meeting meeting, string whatChanged, CancellationToken ct)
    {
        foreach (var member in await AudienceAsync(meeting.Id, ct))
        {
            await SendAsync(meeting, member, "meeting-update", CalendarMethod.Request,
                $"Updated: {meeting.Title}",
                $"The meeting has changed: {whatChanged}. The attached calendar entry replaces the one you have.",
                $"meeting-update:{meeting.Id}:{member.Id}:{meeting.Sequence}", ct);
        }
    }

    public async Task CancelAsync(Meeting meeting, string? reason, CancellationToken ct)
    {
        foreach (var member in await AudienceAsync(meeting.Id, ct))
        {
            await SendAsync(meeting, member, "meeting-cancellation", CalendarMethod.Cancel,
                $"Cancelled: {meeting.Title}",
                "This meeting has been cancelled." + (string.IsNullOrWhiteSpace(reason) ? "" : $" {reason.Trim()}"),
                $"meeting-cancellation:{meeting.Id}:{member.Id}", ct);
        }
    }

    public Task PlaceFreedAsync(Meeting meeting, Member member, CancellationToken ct) =>
        SendAsync(meeting, member, "meeting-place", CalendarMethod.Request,
            $"You have a place: {meeting.Title}",
            "A place has come free and it is yours: you were next on the waiting list.",
            $"meeting-place:{meeting.Id}:{member.Id}:{clock.GetUtcNow().UtcTicks}", ct, MeetingNotification.WaitingListPlace);

    /// <summary>A reminder; the dedup key is the caller's (meeting, member, days), so it is sent once ever.</summary>
    public Task ReminderAsync(Meeting meeting, Member member, int days, string dedupKey, CancellationToken ct) =>
        SendAsync(meeting, member, "meeting-reminder", CalendarMethod.Request,
            days == 1 ? $"Tomorrow: {meeting.Title}" : $"In {days} days: {meeting.Title}",
            days == 1 ? "A reminder: the meeting is tomorrow." : $"A reminder: the meeting is in {days} days.",
            dedupKey, ct);

    /// <summary>
    /// The meeting as a calendar event. <paramref name="networkOrganiser"/>: the ORGANIZER is the network
    /// (its contact address from site settings, else the From address), not the organiser's own account,
    /// for files anyone who may see the meeting can download (anonymous visitors of a public one).
    /// </summary>
    public async Task<CalendarEvent> EventAsync(Meeting meeting, IReadOnlyList<CalendarAttendee> attendees, bool networkOrganiser, CancellationToken ct)
    {
        var (organizerEmail, organizerName) = networkOrganiser ? await NetworkContactAsync(ct) : await OrganizerAsync(meeting, ct);
        var description = new StringBuilder();
        if (meeting.DescriptionMarkdown.Length > 0)
        {
            description.Append(meeting.DescriptionMarkdown.Trim()).Append("\n\n");
        }

        description.Append(MeetingUrl(meeting.Id));
        return new CalendarEvent(
            meeting.Uid,
            meeting.Sequence,
            meeting.Title,
            description.ToString(),
            meeting.StartUtc,
            meeting.EndUtc,
            meeting.TimeZoneId,
            meeting.Venue,
            MeetingUrl(meeting.Id),
            organizerEmail,
            organizerName,
            attendees,
            meeting.Status,
            meeting.UpdatedAt);
    }

    private async Task<(string Email, string Name)> OrganizerAsync(Meeting meeting, CancellationToken ct)
    {
        if (meeting.OrganiserUserId is not null
            && await directory.FindAsync(meeting.OrganiserUserId, ct) is { Email: { } email } organiser)
        {
            return (email, organiser.DisplayName.Length > 0 ? organiser.DisplayName : email);
        }

        return FromAddress();
    }

    private async Task<(string Email, string Name)> NetworkContactAsync(CancellationToken ct)
    {
        var contact = await siteSettings.GetAsync(SiteSettingKeys.ContactEmail, ct);
        if (!string.IsNullOrWhiteSpace(contact) && MailAddress.TryCreate(contact.Trim(), out var address))
        {
            return (address.Address, await siteSettings.NetworkNameAsync(ct));
        }

        return FromAddress();
    }

    private (string Email, string Name) FromAddress()
    {
        var from = new MailAddress(mailOptions.Value.From);
        return (from.Address, from.DisplayName.Length > 0 ? from.DisplayName : from.Address);
    }

    private static string When(Meeting meeting) =>
        MeetingTime.Describe(meeting.StartUtc, meeting.EndUtc, MeetingTime.ZoneOrDefault(meeting.TimeZoneId));

    /// <summary>
    /// A notice the member may turn off (<see cref="MeetingNotification"/>), skipped when they did,
    /// sent in the digests' style: a footer naming why they receive it, with the settings and a
    /// one-click unsubscribe link, and the RFC 8058 List-Unsubscribe headers for mail programs.
    /// </summary>
    private async Task NoticeAsync(Member member, MeetingNotification notice, string kind, string subject, string lead,
        string linkLabel, string link, string dedupKey, EmailAttachment? attachment, CancellationToken ct)
    {
        if (member.Email is null || (await settings.OptedOutAsync([member.Id], notice, ct)).Count > 0)
        {
            return;
        }

        var name = member.DisplayName.Length > 0 ? member.DisplayName : member.Email;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Dear {name},\n\n{lead}\n\n{linkLabel}: {link}\n");
        var (footer, headers) = Unsubscribe(member, notice);
        text.Append(footer);
        outbox.Enqueue(kind, new EmailMessage(member.Email, subject, text.ToString(), Headers: headers,
            Attachments: attachment is null ? null : [attachment]), dedupKey);
    }

    private (string Footer, Dictionary<string, string> Headers) Unsubscribe(Member member, MeetingNotification notice)
    {
        var unsubscribe = urls.Absolute(MeetingsUrls.Unsubscribe(tokens.Create(member.Id, notice)));
        var footer = $"\n-- \nYou receive this because this notice is on in your settings: {NotificationSettings.Describe(notice).ToLowerInvariant()}.\n"
            + $"Choose which meeting notices you receive: {urls.Absolute(MeetingsUrls.NotificationSettings)}\n"
            + $"Stop these notices in one click: {unsubscribe}\n";
        return (footer, new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = $"<{unsubscribe}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            ["Auto-Submitted"] = "auto-generated",
        });
    }

    private async Task SendAsync(Meeting meeting, Member member, string kind, CalendarMethod method, string subject, string lead, string dedupKey, CancellationToken ct,
        MeetingNotification? notice = null)
    {
        if (member.Email is null || (notice is { } n && (await settings.OptedOutAsync([member.Id], n, ct)).Count > 0))
        {
            return;
        }

        var registration = await db.Set<Registration>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.MeetingId == meeting.Id && r.UserId == member.Id, ct);
        var partStat = registration switch
        {
            { Response: RegistrationResponse.Yes, Status: RegistrationStatus.Confirmed } => "ACCEPTED",
            { Response: RegistrationResponse.Maybe } => "TENTATIVE",
            { Response: RegistrationResponse.No } or { Status: RegistrationStatus.NotAttending } => "DECLINED",
            _ => "NEEDS-ACTION",
        };
        var name = member.DisplayName.Length > 0 ? member.DisplayName : member.Email;
        var calendarEvent = await EventAsync(meeting, [new CalendarAttendee(member.Email, name, partStat)], networkOrganiser: false, ct);
        var ics = MeetingCalendar.Build([calendarEvent], method);

        var zone = MeetingTime.ZoneOrDefault(meeting.TimeZoneId);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Dear {name},\n\n{lead}\n\n")
            .Append(CultureInfo.InvariantCulture, $"{meeting.Title}\n")
            .Append(CultureInfo.InvariantCulture, $"When: {MeetingTime.Describe(meeting.StartUtc, meeting.EndUtc, zone)}\n");
        if (!string.IsNullOrWhiteSpace(meeting.Venue))
        {
            text.Append(CultureInfo.InvariantCulture, $"Where: {meeting.Venue}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Details and registration: {MeetingUrl(meeting.Id)}\n\n")
            .Append("The attached calendar file (invite.ics) adds the meeting to your calendar.\n");

        Dictionary<string, string>? headers = null;
        if (notice is { } optional)
        {
            (var footer, headers) = Unsubscribe(member, optional);
            text.Append(footer);
        }

        var fileName = method == CalendarMethod.Cancel ? "cancel.ics" : "invite.ics";
        outbox.Enqueue(kind, new EmailMessage(member.Email, subject, text.ToString(), Headers: headers,
            Attachments: [new EmailAttachment(fileName, MeetingCalendar.ContentType(method), ics)]), dedupKey);
    }
}
