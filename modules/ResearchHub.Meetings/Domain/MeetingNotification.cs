namespace ResearchHub.Meetings.Domain;

/// <summary>
/// The notices a member can choose to receive (all by default). Invitations, changes, cancellations
/// and reminders of meetings they are invited to are not in the list: those always go out.
/// </summary>
public enum MeetingNotification
{
    /// <summary>A date poll they are invited to opens: the link and the day to answer by.</summary>
    PollOpened = 0,
    /// <summary>A poll they were invited to closes: the chosen date, with the calendar entry.</summary>
    PollClosed = 1,
    /// <summary>The pre-meeting questionnaire of a meeting they are invited or registered to opens.</summary>
    QuestionnaireOpened = 2,
    /// <summary>A meeting's report opens for participants' review.</summary>
    ReportInReview = 3,
    /// <summary>Their registration is confirmed, with the calendar entry.</summary>
    RegistrationConfirmed = 4,
    /// <summary>A place came free and it is theirs (they were next on the waiting list).</summary>
    WaitingListPlace = 5,
}
