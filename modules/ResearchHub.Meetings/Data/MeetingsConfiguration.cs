using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Data;

internal sealed class MeetingSeriesConfiguration : IEntityTypeConfiguration<MeetingSeries>
{
    public void Configure(EntityTypeBuilder<MeetingSeries> builder)
    {
        builder.ToTable("MeetingSeries");
        builder.Property(s => s.Slug).HasMaxLength(100);
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.OrganiserUserId).HasMaxLength(450);
        builder.HasIndex(s => s.Slug).IsUnique();
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> builder)
    {
        builder.ToTable("Meetings");
        builder.Property(m => m.Uid).HasMaxLength(200);
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.Property(m => m.TimeZoneId).HasMaxLength(64);
        builder.Property(m => m.Venue).HasMaxLength(500);
        builder.Property(m => m.OnlineUrl).HasMaxLength(1000);
        builder.Property(m => m.OrganiserUserId).HasMaxLength(450);
        builder.Property(m => m.Visibility).HasConversion<int>();
        builder.Property(m => m.Status).HasConversion<int>();
        builder.HasIndex(m => m.Uid).IsUnique();
        builder.HasIndex(m => m.StartUtc);
        builder.HasOne(m => m.Series).WithMany().HasForeignKey(m => m.SeriesId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(m => m.People).WithOne().HasForeignKey(p => p.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Sessions).WithOne().HasForeignKey(s => s.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.AgendaItems).WithOne().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("MeetingPeople");
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Affiliation).HasMaxLength(300);
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.HasIndex(p => p.Name);
    }
}

internal sealed class MeetingPersonConfiguration : IEntityTypeConfiguration<MeetingPerson>
{
    public void Configure(EntityTypeBuilder<MeetingPerson> builder)
    {
        builder.ToTable("MeetingRoles");
        builder.Property(p => p.Role).HasConversion<int>();
        builder.HasOne(p => p.Person).WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.MeetingId, p.PersonId, p.Role }).IsUnique();
    }
}

internal sealed class AgendaSessionConfiguration : IEntityTypeConfiguration<AgendaSession>
{
    public void Configure(EntityTypeBuilder<AgendaSession> builder)
    {
        builder.ToTable("AgendaSessions");
        builder.Property(s => s.Title).HasMaxLength(200);
    }
}

internal sealed class AgendaItemConfiguration : IEntityTypeConfiguration<AgendaItem>
{
    public void Configure(EntityTypeBuilder<AgendaItem> builder)
    {
        builder.ToTable("AgendaItems");
        builder.Property(i => i.Title).HasMaxLength(300);
        builder.Property(i => i.Kind).HasConversion<int>();
        builder.Ignore(i => i.EndUtc);
        builder.HasOne(i => i.Session).WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(i => i.Speakers).WithOne().HasForeignKey(s => s.AgendaItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.MeetingId, i.StartUtc });
    }
}

internal sealed class AgendaItemSpeakerConfiguration : IEntityTypeConfiguration<AgendaItemSpeaker>
{
    public void Configure(EntityTypeBuilder<AgendaItemSpeaker> builder)
    {
        builder.ToTable("AgendaItemSpeakers");
        builder.HasKey(s => new { s.AgendaItemId, s.PersonId });
        builder.HasOne(s => s.Person).WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingDocumentConfiguration : IEntityTypeConfiguration<MeetingDocument>
{
    public void Configure(EntityTypeBuilder<MeetingDocument> builder)
    {
        builder.ToTable("MeetingDocuments");
        builder.Property(d => d.Title).HasMaxLength(300);
        builder.Property(d => d.FileName).HasMaxLength(255);
        builder.Property(d => d.ContentType).HasMaxLength(200);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AgendaItem>().WithMany().HasForeignKey(d => d.AgendaItemId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MeetingInvitationConfiguration : IEntityTypeConfiguration<MeetingInvitation>
{
    public void Configure(EntityTypeBuilder<MeetingInvitation> builder)
    {
        builder.ToTable("MeetingInvitations");
        builder.HasKey(i => new { i.MeetingId, i.UserId });
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> builder)
    {
        builder.ToTable("MeetingRegistrations");
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.Property(r => r.Response).HasConversion<int>();
        builder.Property(r => r.Status).HasConversion<int>();
        builder.Property(r => r.AccessNeeds).HasMaxLength(2000);
        builder.Property(r => r.DietaryNeeds).HasMaxLength(2000);
        builder.Ignore(r => r.TakesPlace);
        builder.Ignore(r => r.Attending);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.MeetingId, r.UserId }).IsUnique();
    }
}

internal sealed class DatePollConfiguration : IEntityTypeConfiguration<DatePoll>
{
    public void Configure(EntityTypeBuilder<DatePoll> builder)
    {
        builder.ToTable("DatePolls");
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.CreatedByUserId).HasMaxLength(450);
        builder.Property(p => p.Status).HasConversion<int>();
        builder.HasMany(p => p.Slots).WithOne().HasForeignKey(s => s.PollId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MeetingSeries>().WithMany().HasForeignKey(p => p.SeriesId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(p => p.MeetingId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class PollSlotConfiguration : IEntityTypeConfiguration<PollSlot>
{
    public void Configure(EntityTypeBuilder<PollSlot> builder)
    {
        builder.ToTable("PollSlots");
        builder.Property(s => s.TimeZoneId).HasMaxLength(64);
        builder.Ignore(s => s.EndUtc);
    }
}

internal sealed class PollInviteeConfiguration : IEntityTypeConfiguration<PollInvitee>
{
    public void Configure(EntityTypeBuilder<PollInvitee> builder)
    {
        builder.ToTable("PollInvitees");
        builder.HasKey(i => new { i.PollId, i.UserId });
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.HasOne<DatePoll>().WithMany().HasForeignKey(i => i.PollId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PollResponseConfiguration : IEntityTypeConfiguration<PollResponse>
{
    public void Configure(EntityTypeBuilder<PollResponse> builder)
    {
        builder.ToTable("PollResponses");
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.Property(r => r.Comment).HasMaxLength(1000);
        builder.HasOne<DatePoll>().WithMany().HasForeignKey(r => r.PollId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.PollId, r.UserId }).IsUnique();
    }
}

internal sealed class PollAnswerConfiguration : IEntityTypeConfiguration<PollAnswer>
{
    public void Configure(EntityTypeBuilder<PollAnswer> builder)
    {
        builder.ToTable("PollAnswers");
        builder.HasKey(a => new { a.ResponseId, a.SlotId });
        builder.Property(a => a.Choice).HasConversion<int>();
        // Restrict: a slot with answers is never deleted from under them (slots are fixed once answered).
        builder.HasOne<PollSlot>().WithMany().HasForeignKey(a => a.SlotId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuestionnaireConfiguration : IEntityTypeConfiguration<Questionnaire>
{
    public void Configure(EntityTypeBuilder<Questionnaire> builder)
    {
        builder.ToTable("Questionnaires");
        builder.HasOne<Meeting>().WithMany().HasForeignKey(q => q.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => q.MeetingId).IsUnique();
        builder.HasMany(q => q.Questions).WithOne().HasForeignKey(q => q.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuestionnaireQuestionConfiguration : IEntityTypeConfiguration<QuestionnaireQuestion>
{
    public void Configure(EntityTypeBuilder<QuestionnaireQuestion> builder)
    {
        builder.ToTable("QuestionnaireQuestions");
        builder.Property(q => q.Text).HasMaxLength(500);
    }
}

internal sealed class QuestionnaireResponseConfiguration : IEntityTypeConfiguration<QuestionnaireResponse>
{
    public void Configure(EntityTypeBuilder<QuestionnaireResponse> builder)
    {
        builder.ToTable("QuestionnaireResponses");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Questionnaire>().WithMany().HasForeignKey(r => r.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuestionnaireAnswerConfiguration : IEntityTypeConfiguration<QuestionnaireAnswer>
{
    public void Configure(EntityTypeBuilder<QuestionnaireAnswer> builder)
    {
        builder.ToTable("QuestionnaireAnswers");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Text).HasMaxLength(4000);
        builder.Property(a => a.Theme).HasMaxLength(200);
        builder.HasOne<QuestionnaireQuestion>().WithMany().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuestionnaireRespondentConfiguration : IEntityTypeConfiguration<QuestionnaireRespondent>
{
    public void Configure(EntityTypeBuilder<QuestionnaireRespondent> builder)
    {
        builder.ToTable("QuestionnaireRespondents");
        builder.HasKey(r => new { r.QuestionnaireId, r.UserId });
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.HasOne<Questionnaire>().WithMany().HasForeignKey(r => r.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MinutesRevisionConfiguration : IEntityTypeConfiguration<MinutesRevision>
{
    public void Configure(EntityTypeBuilder<MinutesRevision> builder)
    {
        builder.ToTable("MinutesRevisions");
        builder.Property(r => r.Note).HasMaxLength(300);
        builder.Property(r => r.AuthorUserId).HasMaxLength(450);
        builder.Property(r => r.AuthorName).HasMaxLength(200);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.MeetingId, r.Number }).IsUnique();
    }
}

internal sealed class LogEntryConfiguration : IEntityTypeConfiguration<LogEntry>
{
    public void Configure(EntityTypeBuilder<LogEntry> builder)
    {
        builder.ToTable("MeetingLogEntries");
        builder.Property(e => e.Issue).HasMaxLength(1000);
        builder.Property(e => e.Countermeasure).HasMaxLength(2000);
        builder.Property(e => e.SystemChange).HasMaxLength(2000);
        builder.Property(e => e.Kind).HasConversion<int>();
        builder.Property(e => e.Level).HasConversion<int?>();
        builder.Property(e => e.Owner).HasConversion<int?>();
        builder.Property(e => e.Status).HasConversion<int>();
        builder.HasOne<Meeting>().WithMany().HasForeignKey(e => e.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.SeriesId, e.Status });
    }
}

internal sealed class MeetingReportConfiguration : IEntityTypeConfiguration<MeetingReport>
{
    public void Configure(EntityTypeBuilder<MeetingReport> builder)
    {
        builder.ToTable("MeetingReports");
        builder.Property(r => r.Status).HasConversion<int>();
        builder.HasOne<Meeting>().WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.MeetingId).IsUnique();
    }
}

internal sealed class ReportCommentConfiguration : IEntityTypeConfiguration<ReportComment>
{
    public void Configure(EntityTypeBuilder<ReportComment> builder)
    {
        builder.ToTable("MeetingReportComments");
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.Property(c => c.AuthorName).HasMaxLength(200);
        builder.Property(c => c.Text).HasMaxLength(4000);
        builder.HasOne<MeetingReport>().WithMany().HasForeignKey(c => c.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.ToTable("MeetingCalendarFeeds");
        builder.Property(f => f.UserId).HasMaxLength(450);
        builder.Property(f => f.TokenHash).HasMaxLength(64);
        builder.HasIndex(f => f.TokenHash).IsUnique();
        builder.HasIndex(f => f.UserId);
    }
}

internal sealed class MeetingChangeConfiguration : IEntityTypeConfiguration<MeetingChange>
{
    public void Configure(EntityTypeBuilder<MeetingChange> builder)
    {
        builder.ToTable("MeetingChanges");
        builder.Property(c => c.ActorUserId).HasMaxLength(450);
        builder.Property(c => c.ActorName).HasMaxLength(200);
        builder.Property(c => c.Summary).HasMaxLength(MeetingChange.MaxSummary);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(c => c.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.MeetingId, c.At });
    }
}

internal sealed class NotificationOptOutConfiguration : IEntityTypeConfiguration<NotificationOptOut>
{
    public void Configure(EntityTypeBuilder<NotificationOptOut> builder)
    {
        builder.ToTable("MeetingNotificationOptOuts");
        builder.HasKey(o => new { o.UserId, o.Kind });
        builder.Property(o => o.UserId).HasMaxLength(450);
        builder.Property(o => o.Kind).HasConversion<int>();
    }
}
