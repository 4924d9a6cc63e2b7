namespace ResearchHub.MailingGroups.Services;

/// <summary>A digest's sections rendered once: the plain-text sections and the HTML up to the footer.</summary>
internal sealed record DigestBody(string Text, string Html);
