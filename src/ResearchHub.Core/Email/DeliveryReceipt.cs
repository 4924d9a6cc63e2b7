namespace ResearchHub.Core.Email;

/// <summary>Where a transport says the message went (the pickup file name, when there is one).</summary>
public sealed record DeliveryReceipt(string? PickupFile);
