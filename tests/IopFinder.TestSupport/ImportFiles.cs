using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;
using IopFinder.Web.Places;

namespace IopFinder.Tests.Support;

/// <summary>Import files the tests hand to the <c>import csv</c> verb.</summary>
public static class ImportFiles
{
    /// <summary>Writes, in IopFinder's CSV format, one IOP listing at 1 Main St, Charlottesville (ZIP 22902).</summary>
    public static string OneCharlottesvilleIop(string file, string slug, string name)
    {
        var place = PlaceDirectory.Shared.Zip("22902")!;
        using var writer = new StreamWriter(file);
        ClinicCsv.Write(writer,
        [
            new Clinic
            {
                Slug = slug, Name = name, Street = "1 Main St", City = "Charlottesville", State = "VA",
                Zip = "22902", Latitude = place.Latitude, Longitude = place.Longitude, CareMask = ClinicCodes.Care.Mask(["iop"]),
                Source = "admin", UpdatedAt = "2026-11-23",
            },
        ]);
        return file;
    }
}
