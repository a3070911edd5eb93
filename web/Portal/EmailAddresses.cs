using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace IopFinder.Web.Portal;

/// <summary>
/// An email address we can actually send to. <see cref="EmailAddressAttribute"/> only checks for an
/// "@", so addresses such as <c>a..b@x.org</c> passed it and then failed in the mail client after data
/// was written; this accepts exactly what <see cref="MailAddress"/> accepts, as a bare address.
/// </summary>
public static class EmailAddresses
{
    public static bool IsDeliverable([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        value is { Length: > 2 and <= 254 }
        && !value.Any(char.IsControl)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && string.IsNullOrEmpty(address.DisplayName);
}

/// <summary>Model validation with <see cref="EmailAddresses.IsDeliverable"/>; empty values are left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class DeliverableEmailAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is null || (value is string text && (text.Length == 0 || EmailAddresses.IsDeliverable(text)));
}
