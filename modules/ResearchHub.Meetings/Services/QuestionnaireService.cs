using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>An answer as organisers see it: the question, the words, the theme; never who wrote it.</summary>
public sealed record AnonymousAnswer(Guid Id, long QuestionId, string Question, string Text, string? Theme);

/// <summary>
/// The pre-meeting questionnaire. A response is written with a random id and no author or time;
/// the separate respondents table says only that a member has answered, so one response each is
/// enforced without anything linking the two (both rows are written in one transaction, and the
/// SQLite tables are WITHOUT ROWID, so not even their physical order pairs them up).
/// </summary>
public sealed class QuestionnaireService(HubDbContext db, MeetingMail mail, TimeProvider clock)
{
    public Task<Questionnaire?> ForMeetingAsync(long meetingId, CancellationToken ct) =>
        db.Set<Questionnaire>().AsNoTracking().Include(q => q.Questions.OrderBy(x => x.Order))
            .FirstOrDefaultAsync(q => q.MeetingId == meetingId, ct);

    /// <summary>Creates or changes a meeting's questionnaire; <paramref name="closesAt"/> (optional) is when answers stop.</summary>
    public async Task<Outcome<Questionnaire>> SaveAsync(long meetingId, string? intro, IReadOnlyList<string> questions, bool isOpen, DateTimeOffset? closesAt, CancellationToken ct)
    {
        var texts = questions.Select(q => q.Trim()).Where(q => q.Length > 0).ToList();
        if (texts.Count == 0)
        {
            return Outcome<Questionnaire>.Fail(new Problem("Questions", "Ask at least one question."));
        }

        if (texts.Any(t => t.Length > 500))
        {
            return Outcome<Questionnaire>.Fail(new Problem("Questions", "Each question can be up to 500 characters."));
        }

        var now = clock.GetUtcNow();
        if (isOpen && closesAt <= now)
        {
            return Outcome<Questionnaire>.Fail(new Problem("ClosesAt", "The closing time has passed: choose a later one, or leave it empty, or untick 'Open for answers'."));
        }

        var questionnaire = await db.Set<Questionnaire>().Include(q => q.Questions).FirstOrDefaultAsync(q => q.MeetingId == meetingId, ct);
        if (questionnaire is null)
        {
            questionnaire = new Questionnaire { MeetingId = meetingId };
            db.Set<Questionnaire>().Add(questionnaire);
        }
        else if (await db.Set<QuestionnaireResponse>().AnyAsync(r => r.QuestionnaireId == questionnaire.Id, ct)
            && !texts.SequenceEqual(questionnaire.Questions.OrderBy(q => q.Order).Select(q => q.Text)))
        {
            return Outcome<Questionnaire>.Fail(new Problem("Questions", "People have already answered: the questions can no longer change."));
        }

        var opens = isOpen && (questionnaire.Id == 0 || !questionnaire.IsOpenAt(now));
        questionnaire.IntroMarkdown = intro?.Trim() ?? "";
        questionnaire.IsOpen = isOpen;
        questionnaire.ClosesAt = closesAt;
        if (!texts.SequenceEqual(questionnaire.Questions.OrderBy(q => q.Order).Select(q => q.Text)))
        {
            questionnaire.Questions.Clear();
            questionnaire.Questions.AddRange(texts.Select((t, i) => new QuestionnaireQuestion { Text = t, Order = i }));
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        await db.SaveChangesAsync(ct);
        // Opening it (first time, or again after closing) asks everyone invited or registered to answer.
        if (opens && await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct) is { Status: not MeetingStatus.Cancelled } meeting)
        {
            await mail.QuestionnaireOpenedAsync(meeting, questionnaire.Id, ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return Outcome<Questionnaire>.Ok(questionnaire);
    }

    public Task<bool> HasRespondedAsync(long questionnaireId, string userId, CancellationToken ct) =>
        db.Set<QuestionnaireRespondent>().AnyAsync(r => r.QuestionnaireId == questionnaireId && r.UserId == userId, ct);

    public async Task<Outcome<bool>> RespondAsync(long questionnaireId, string userId, IReadOnlyDictionary<long, string> answers, CancellationToken ct)
    {
        var questionnaire = await db.Set<Questionnaire>().AsNoTracking().Include(q => q.Questions).FirstOrDefaultAsync(q => q.Id == questionnaireId, ct);
        if (questionnaire is null || !questionnaire.IsOpenAt(clock.GetUtcNow()))
        {
            return Outcome<bool>.Fail(new Problem("", "This questionnaire is closed."));
        }

        var ids = questionnaire.Questions.Select(q => q.Id).ToHashSet();
        if (answers.Keys.Any(id => !ids.Contains(id)))
        {
            return Outcome<bool>.Fail(new Problem("", "An answer was given to a question this questionnaire does not ask."));
        }

        var given = answers.Where(a => !string.IsNullOrWhiteSpace(a.Value)).ToDictionary(a => a.Key, a => a.Value.Trim());
        if (given.Count == 0)
        {
            return Outcome<bool>.Fail(new Problem("", "Answer at least one question."));
        }

        if (given.Values.Any(v => v.Length > 4000))
        {
            return Outcome<bool>.Fail(new Problem("", "Each answer can be up to 4,000 characters."));
        }

        if (await HasRespondedAsync(questionnaireId, userId, ct))
        {
            return Outcome<bool>.Fail(new Problem("", "You have already answered this questionnaire: there is one response per member."));
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        db.Set<QuestionnaireRespondent>().Add(new QuestionnaireRespondent { QuestionnaireId = questionnaireId, UserId = userId });
        var response = new QuestionnaireResponse
        {
            Id = Guid.NewGuid(),
            QuestionnaireId = questionnaireId,
            Answers = [.. given.Select(a => new QuestionnaireAnswer { Id = Guid.NewGuid(), QuestionId = a.Key, Text = a.Value })],
        };
        db.Set<QuestionnaireResponse>().Add(response);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The respondents key: a second submission raced the first one.
            db.ChangeTracker.Clear();
            return Outcome<bool>.Fail(new Problem("", "You have already answered this questionnaire: there is one response per member."));
        }

        await transaction.CommitAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    public async Task<(int Respondents, IReadOnlyList<AnonymousAnswer> Answers)> ResultsAsync(Questionnaire questionnaire, CancellationToken ct)
    {
        var questions = questionnaire.Questions.ToDictionary(q => q.Id, q => q);
        var answers = await db.Set<QuestionnaireAnswer>().AsNoTracking()
            .Where(a => questions.Keys.Contains(a.QuestionId))
            .ToListAsync(ct);
        var respondents = await db.Set<QuestionnaireResponse>().CountAsync(r => r.QuestionnaireId == questionnaire.Id, ct);
        // Ordered by question, then theme, then text: never by when they were written.
        return (respondents, [.. answers
            .OrderBy(a => questions[a.QuestionId].Order)
            .ThenBy(a => a.Theme ?? "\uffff", StringComparer.Ordinal)
            .ThenBy(a => a.Text, StringComparer.Ordinal)
            .Select(a => new AnonymousAnswer(a.Id, a.QuestionId, questions[a.QuestionId].Text, a.Text, a.Theme))]);
    }

    public async Task<bool> SetThemeAsync(long questionnaireId, Guid answerId, string? theme, CancellationToken ct)
    {
        var questionIds = db.Set<QuestionnaireQuestion>().Where(q => q.QuestionnaireId == questionnaireId).Select(q => q.Id);
        var value = string.IsNullOrWhiteSpace(theme) ? null : theme.Trim()[..Math.Min(theme.Trim().Length, 200)];
        return await db.Set<QuestionnaireAnswer>().Where(a => a.Id == answerId && questionIds.Contains(a.QuestionId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Theme, value), ct) > 0;
    }
}
