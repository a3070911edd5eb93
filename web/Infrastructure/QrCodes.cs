using QRCoder;

namespace IopFinder.Web.Infrastructure;

/// <summary>QR codes drawn by the site as SVG (QRCoder), so printing one asks nothing of anyone else.</summary>
public static class QrCodes
{
    /// <summary>
    /// An <c>&lt;svg&gt;</c> of <paramref name="text"/>, sized by its container (viewBox), black on white with the
    /// standard's quiet zone, and hidden from screen readers: the page shows the same link as text beside it.
    /// </summary>
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        // The generator writes an XML declaration first, which has no place inside an HTML page.
        return svg[start..].Replace("<svg ", "<svg class=\"qr\" aria-hidden=\"true\" focusable=\"false\" ", StringComparison.Ordinal);
    }
}
