using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Account;

/// <summary>Personal API tokens: the plain text is shown once, on the page that creates it.</summary>
[Authorize]
public sealed class TokensModel(UserManager<HubUser> users, ApiTokenService tokens, TimeProvider clock, ApiScopeCatalog scopeCatalog) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Give the token a name")]
        [StringLength(100, ErrorMessage = "The name can be up to 100 characters")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        /// <summary>Area name to level: "none", "read" or "write" (read and write).</summary>
        public Dictionary<string, string> Levels { get; set; } = [];

        public bool Admin { get; set; }

        [Range(1, ApiTokenService.MaxLifetimeDays, ErrorMessage = "A token lasts between 1 and 366 days")]
        [Display(Name = "Expires after (days)")]
        public int LifetimeDays { get; set; } = 90;
    }

    public const string LevelNone = "none";
    public const string LevelRead = "read";
    public const string LevelWrite = "write";

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public bool IsAdministrator { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>Set only in the response that created the token.</summary>
    public string? NewToken { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>The API's areas, as the modules registered them.</summary>
    public IReadOnlyList<ApiArea> Areas => scopeCatalog.Areas;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Levels = scopeCatalog.Areas.ToDictionary(a => a.Name, _ => LevelRead);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var scopes = new List<string>();
        foreach (var area in scopeCatalog.Areas)
        {
            var level = Input.Levels.GetValueOrDefault(area.Name) ?? LevelNone;
            if (level is not (LevelNone or LevelRead) && !(level == LevelWrite && area.HasWrite))
            {
                ModelState.AddModelError($"Input.Levels[{area.Name}]", $"Choose no access, read{(area.HasWrite ? " or read and write" : "")} for {area.Name}.");
                continue;
            }

            if (level is LevelRead or LevelWrite)
            {
                scopes.Add(area.ReadScope);
            }

            if (level == LevelWrite)
            {
                scopes.Add(area.WriteScope!);
            }
        }

        if (Input.Admin)
        {
            scopes.Add(ApiScopes.Admin);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = (await users.GetUserAsync(User))!;
        var (created, errors) = await tokens.CreateAsync(user, IsAdministrator, Input.Name, scopes, Input.LifetimeDays, ct);
        if (created is null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError("Input.Name", error);
            }

            return Page();
        }

        NewToken = created.PlainText;
        Input = new InputModel();
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var user = (await users.GetUserAsync(User))!;
        StatusMessage = await tokens.RevokeAsync(id, user.Id, isAdministrator: false, ct)
            ? "The token has been revoked: it no longer works."
            : "That token was already revoked.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = (await users.GetUserAsync(User))!;
        IsAdministrator = await users.IsInRoleAsync(user, HubRoles.Administrator);
        Tokens = await tokens.ListAsync(user.Id, ct);
        Now = clock.GetUtcNow();
    }
}
