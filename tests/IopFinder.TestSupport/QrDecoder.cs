using System.Globalization;
using System.Text.RegularExpressions;
using ZXing;
using ZXing.Common;

namespace IopFinder.Tests.Support;

/// <summary>
/// Reads back a QR code the site drew: the SVG's dark modules (QRCoder's path of one-module-high runs) become a
/// grey image that ZXing decodes, as a phone's camera would. A drawing that is not a readable code fails here.
/// </summary>
public static partial class QrDecoder
{
    public static string Decode(string svg)
    {
        var size = int.Parse(ViewBox().Match(svg).Groups[1].Value, CultureInfo.InvariantCulture);
        const int scale = 4;
        var pixels = Enumerable.Repeat((byte)255, size * scale * size * scale).ToArray();
        foreach (Match run in Run().Matches(svg))
        {
            var (x, y, width) = (int.Parse(run.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(run.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(run.Groups[3].Value, CultureInfo.InvariantCulture));
            for (var row = y * scale; row < (y + 1) * scale; row++)
            {
                Array.Fill(pixels, (byte)0, row * size * scale + x * scale, width * scale);
            }
        }

        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        var result = reader.Decode(new RGBLuminanceSource(pixels, size * scale, size * scale, RGBLuminanceSource.BitmapFormat.Gray8));
        return result?.Text ?? throw new InvalidOperationException("The QR code could not be read.");
    }

    [GeneratedRegex("viewBox=\"0 0 (\\d+) \\d+\"")]
    private static partial Regex ViewBox();

    [GeneratedRegex("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z")]
    private static partial Regex Run();
}
