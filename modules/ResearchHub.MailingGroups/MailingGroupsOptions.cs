namespace ResearchHub.MailingGroups;

/// <summary>The "Hub:MailingGroups" configuration section.</summary>
public sealed class MailingGroupsOptions
{
    public const string Section = "Hub:MailingGroups";

    /// <summary>The zone whose days, weeks and months the digest periods follow, for members who have not chosen their own.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>
    /// The groups' email address, with {group} where the group's tag goes, e.g.
    /// "lac-research+{group}@network.example" (a mailbox the hub reads over IMAP, Hub:Mail:Inbound).
    /// Empty: groups have no address and posts are answered on the site only.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>The local hour after which the period that just ended is sent.</summary>
    public int SendHour { get; set; } = 7;

    /// <summary>How often the digest worker looks for due digests.</summary>
    public double PollSeconds { get; set; } = 300;

    /// <summary>Permanent failures to one address (since the member last resumed) before their subscriptions are suspended.</summary>
    public int MaxBounces { get; set; } = 3;

    /// <summary>How long one node owns the composing of digests; a crashed node's lease runs out after this.</summary>
    public double LeaseSeconds { get; set; } = 120;

    /// <summary>How many days ahead a digest lists meetings.</summary>
    public int MeetingDays { get; set; } = 31;

    /// <summary>The largest file attached to a post, on the site or by email.</summary>
    public long MaxAttachmentBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>How many files one post may carry.</summary>
    public int MaxAttachments { get; set; } = 10;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
