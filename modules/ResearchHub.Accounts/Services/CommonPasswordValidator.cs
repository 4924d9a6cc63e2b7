using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Refuses the passwords people use most (ASVS 2.1.7): the 30,000 of
/// <c>Resources/common-passwords.txt</c> (from zxcvbn 4.4.2, see its header), compared without
/// regard to case or surrounding spaces. With the length rule (at least 12 characters, no
/// composition rules: ASVS 2.1.1 and 2.1.9) this is the whole password policy.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<HubUser>
{
    public const string ErrorCode = "CommonPassword";
    private const string ResourceName = "ResearchHub.Accounts.Resources.common-passwords.txt";

    private readonly Lazy<FrozenSet<string>> _passwords = new(Load);

    public int Count => _passwords.Value.Count;

    public bool IsCommon(string password) => _passwords.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<HubUser> manager, HubUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = ErrorCode,
                Description = "This is one of the passwords people use most, which are the first ones tried: choose another. A few unrelated words make a good one.",
            })
            : IdentityResult.Success);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded list {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>(30_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                passwords.Add(line);
            }
        }

        return passwords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
