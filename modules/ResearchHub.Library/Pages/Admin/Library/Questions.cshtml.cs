using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Pages.Admin.Library;

/// <summary>The network's evaluation questions (the evidence map's rows), edited by organisers.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.ManageEvaluationQuestions)]
public sealed class QuestionsModel(HubDbContext db) : PageModel
{
    public IReadOnlyList<(EvaluationQuestion Question, int Uses)> Rows { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the question")]
        [StringLength(500, ErrorMessage = "The question can be up to 500 characters")]
        public string Text { get; set; } = "";

        [StringLength(2000, ErrorMessage = "The description can be up to 2,000 characters")]
        public string? Description { get; set; }

        public int Order { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is not null)
        {
            var question = await db.Set<EvaluationQuestion>().FindAsync([Id], ct);
            if (question is null)
            {
                return NotFound();
            }

            Input = new InputModel { Text = question.Text, Description = question.Description, Order = question.Order };
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        EvaluationQuestion? question;
        if (Id is null)
        {
            var key = Slugs.From(Input.Text);
            var candidate = key;
            for (var n = 2; await db.Set<EvaluationQuestion>().AnyAsync(q => q.Key == candidate, ct); n++)
            {
                candidate = $"{key}-{n}";
            }

            question = new EvaluationQuestion { Key = candidate, Text = Input.Text.Trim() };
            db.Set<EvaluationQuestion>().Add(question);
        }
        else
        {
            question = await db.Set<EvaluationQuestion>().FindAsync([Id], ct);
            if (question is null)
            {
                return NotFound();
            }
        }

        question.Text = Input.Text.Trim();
        question.Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim();
        question.Order = Input.Order;
        await db.SaveChangesAsync(ct);
        StatusMessage = "The question has been saved.";
        return Redirect("/admin/library/questions");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.Set<EvaluationQuestion>().AsNoTracking()
            .OrderBy(q => q.Order).ThenBy(q => q.Id)
            .Select(q => new { Question = q, Uses = db.Set<ResourceQuestion>().Count(rq => rq.QuestionId == q.Id) })
            .ToListAsync(ct);
        Rows = rows.Select(r => (r.Question, r.Uses)).ToList();
    }
}
