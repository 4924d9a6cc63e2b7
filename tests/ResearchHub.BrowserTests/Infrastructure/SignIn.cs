using Microsoft.Playwright;

namespace ResearchHub.BrowserTests.Infrastructure;

/// <summary>Signing in through the sign-in page, as every journey does before its own steps.</summary>
public static class SignIn
{
    /// <summary>Fills in and sends the sign-in form, and waits for the home page it leads to.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }
}
