namespace ResearchHub.Meetings;

/// <summary>The module's addresses, in one place.</summary>
public static class MeetingsUrls
{
    public const string Index = "/meetings";
    public const string Dashboard = "/meetings/dashboard";
    public const string CalendarSettings = "/meetings/calendar";
    public const string NewPoll = "/meetings/polls/new";

    public static string Meeting(long id) => $"/meetings/{id}";

    public static string Agenda(long id) => $"/meetings/{id}/agenda";

    public static string Ics(long id) => $"/meetings/{id}/calendar.ics";

    public static string Manage(long id) => $"/meetings/{id}/manage";

    public static string Participants(long id) => $"/meetings/{id}/participants";

    public static string History(long id) => $"/meetings/{id}/history";

    public static string EditAgendaItem(long id, long itemId) => $"/meetings/{id}/agenda/{itemId}/edit";

    public static string RemoveAgendaItem(long id, long itemId) => $"/meetings/{id}/agenda/{itemId}/edit?handler=Remove";

    public static string EditPerson(long id, long personId) => $"/meetings/{id}/people/{personId}/edit";

    public static string RemovePerson(long id, long personId) => $"/meetings/{id}/people/{personId}/edit?handler=Remove";

    public static string EditLogEntry(long id, long entryId) => $"/meetings/{id}/log/{entryId}/edit";

    public static string RemoveLogEntry(long id, long entryId) => $"/meetings/{id}/log/{entryId}/edit?handler=Remove";

    public static string Questionnaire(long id) => $"/meetings/{id}/questionnaire";

    public static string Minutes(long id) => $"/meetings/{id}/minutes";

    public static string Report(long id) => $"/meetings/{id}/report";

    public static string Document(long meetingId, long documentId) => $"/meetings/{meetingId}/documents/{documentId}";

    public static string Series(string slug) => $"/meetings/series/{slug}";

    public static string Poll(long id) => $"/meetings/polls/{id}";

    public const string NotificationSettings = "/meetings/notifications";

    public static string Unsubscribe(string token) => $"/meetings/notifications/unsubscribe/{token}";

    public static string Feed(string token) => $"/meetings/feed/{token}.ics";
}
