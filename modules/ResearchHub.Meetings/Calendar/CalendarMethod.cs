namespace ResearchHub.Meetings.Calendar;

/// <summary>The iTIP method (RFC 5546) a calendar file is sent with.</summary>
public enum CalendarMethod
{
    /// <summary>A download or a feed: the meeting as published, nobody is asked to reply.</summary>
    Publish,
    /// <summary>An invitation or an update sent by mail.</summary>
    Request,
    /// <summary>A cancellation sent by mail.</summary>
    Cancel,
}
