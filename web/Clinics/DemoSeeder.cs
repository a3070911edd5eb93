using System.Globalization;
using IopFinder.Web.Places;

namespace IopFinder.Web.Clinics;

/// <summary>
/// Makes clearly fictional listings for development, demos and benchmarks: invented names, 555-01xx
/// phone numbers, example.org websites, placed near real ZIP centres in every state. The same count
/// and seed always give the same listings.
/// </summary>
public static class DemoSeeder
{
    /// <summary>The date demo "last verified" dates count back from, fixed so output never depends on the clock.</summary>
    private static readonly DateOnly ReferenceDate = new(2026, 10, 1);

    private static readonly string[] First = ["Cedar", "Harbor", "Bright", "Willow", "Summit", "River", "Maple", "North Star", "Clearwater", "Lantern", "Meadow", "Bridgeway", "Open Door", "New Leaf", "Evergreen", "Compass", "Hillside", "Sunrise", "Blue Heron", "Stone Path", "Juniper", "Lighthouse", "Oak Grove", "Wayfinder", "Kindred", "Riverbend", "Tall Pines", "Morning Light", "Harvest", "Anchor"];
    private static readonly string[] Second = ["Path", "Point", "Valley", "Ridge", "House", "Commons", "Crossing", "Springs", "Hollow", "Field"];
    private static readonly string[] Kind = ["Recovery Center", "Counseling", "Behavioral Health", "Treatment Services", "Wellness Clinic", "Recovery Program", "Health Partners", "Outpatient Services"];
    private static readonly string[] Streets = ["Maple", "Oak", "Cedar", "Elm", "Pine", "Willow", "Birch", "Walnut", "Chestnut", "Spruce", "Lake", "Hill", "Park", "River", "Meadow", "Orchard", "Sycamore", "Aspen"];
    private static readonly string[] StreetKinds = ["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard", "Way", "Court"];
    private static readonly string[] Programs = ["Intensive Outpatient Program", "Evening IOP", "Adult Recovery Program", "Young Adult Program", "Family Recovery Program", "Women's Program"];
    private static readonly string[] WaitNotes = ["Next intake group starts in about two weeks.", "Evening track has a short waiting list.", "Call for same-week assessments.", "Waiting list of about a month for the day track."];

    /// <summary>
    /// <paramref name="count"/> fictional listings from <paramref name="seed"/>; IOP listings get openings dated relative to
    /// <paramref name="today"/> (the day they are seeded: some confirmed within the last two weeks, some stale), so
    /// every openings filter has something to show on a fresh install.
    /// </summary>
    public static List<Clinic> Generate(int count, int seed, PlaceDirectory places, DateOnly? today = null)
    {
        var random = new Random(seed);
        var zips = places.Zips.OrderBy(z => z.Zip, StringComparer.Ordinal).ToList();
        var byState = zips.GroupBy(z => z.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var clinics = new List<Clinic>(count);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            // The first listings visit every state once; the rest follow where ZIP codes (and people) are.
            var place = i < byState.Count ? byState[i][random.Next(byState[i].Count)] : zips[random.Next(zips.Count)];
            clinics.Add(Make(random, place, i, slugs));
        }

        // A random sequence of their own, so adding openings left every other demo field as it was.
        var openings = new Random(seed ^ 0x0BE11);
        var day = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var clinic in clinics.Where(c => c.Offers(ClinicCodes.Care, "iop")))
        {
            DemoOpenings(openings, day)?.ApplyTo(clinic);
            DemoSchedule(clinic);
        }

        return clinics;
    }

    /// <summary>
    /// Fictional tracks that agree with the listing's day, evening, weekend and online flags (so no demo listing changes
    /// what it offers), in its state's time zone; hours a week then follow from the tracks.
    /// </summary>
    private static void DemoSchedule(Clinic clinic)
    {
        var setting = clinic.IopTelehealth ? ProgramTracks.Both : ProgramTracks.InPerson;
        var languages = clinic.Offers(ClinicCodes.Language, "spanish") ? "english spanish" : "english";
        var lines = new List<string>();
        if (clinic.IopDay) lines.Add($"Day IOP | mon wed fri | 09:30-12:30 | {setting} | {languages} | adults");
        if (clinic.IopEvening) lines.Add($"Evening IOP | mon tue thu | 18:00-21:00 | {setting} | {languages} | adults");
        if (clinic.IopWeekend) lines.Add($"Weekend IOP | sat | 09:00-12:00 | {setting} | {languages} | adults");
        if (lines.Count == 0)
        {
            return;
        }

        clinic.IopSchedule = string.Join("\n", lines);
        clinic.TimeZone = Places.TimeZones.ForState(clinic.State);
        ProgramTracks.Derive(clinic, ProgramTracks.Parse(clinic.IopSchedule).Tracks);
    }

    /// <summary>About a quarter unreported; the rest confirmed 0–30 days ago (so about half still believed), as open, a next start, a waiting list or full.</summary>
    private static Openings? DemoOpenings(Random random, DateOnly today)
    {
        if (Chance(random, 0.25))
        {
            return null;
        }

        var asOf = today.AddDays(-random.Next(0, 31));
        var pick = random.NextDouble();
        return pick switch
        {
            < 0.35 => new Openings(OpeningStatus.Open, null, null, asOf, OpeningsSource.Demo),
            < 0.65 => new Openings(OpeningStatus.NextStart, asOf.AddDays(random.Next(1, 29)), null, asOf, OpeningsSource.Demo),
            < 0.85 => new Openings(OpeningStatus.Waitlist, null, random.Next(1, 7), asOf, OpeningsSource.Demo),
            _ => new Openings(OpeningStatus.Full, null, null, asOf, OpeningsSource.Demo),
        };
    }

    private static bool Chance(Random random, double p) => random.NextDouble() < p;

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static Clinic Make(Random random, Place place, int index, HashSet<string> slugs)
    {
        var name = $"{Pick(random, First)} {Pick(random, Second)} {Pick(random, Kind)}";
        var slug = Slugs.From($"{name} {place.City} {place.State}");
        if (!slugs.Add(slug))
        {
            slug = $"{slug}-{index + 1}";
            slugs.Add(slug);
        }

        // Up to about three miles from the ZIP centre, so listings in one town do not sit on one point.
        var latitude = Math.Round(place.Latitude + (random.NextDouble() - 0.5) * 0.08, 5);
        var longitude = Math.Round(place.Longitude + (random.NextDouble() - 0.5) * 0.08, 5);

        // Every code is named through its set (ClinicCodes), so a misspelt one fails the seeding, not a search.
        string[] Some(CodeSet set, params (string Code, double P)[] options) => options.Where(o => Chance(random, o.P)).Select(o => set.Code(o.Code)).ToArray();
        var care = Some(ClinicCodes.Care, ("op", 0.8), ("iop", 0.6), ("php", 0.25), ("residential", 0.15), ("inpatient", 0.05), ("detox", 0.15), ("otp", 0.08)).ToList();
        if (care.Count == 0) care.Add(ClinicCodes.Care.Code("op"));

        var pay = Some(ClinicCodes.Pay, ("medicaid", 0.65), ("medicare", 0.4), ("private", 0.8), ("military", 0.3), ("selfpay", 0.9), ("sliding", 0.45), ("free", 0.1));
        var ages = Some(ClinicCodes.Age, ("adults", 0.95), ("adolescents", 0.2), ("young_adults", 0.4), ("seniors", 0.35));
        var pops = Some(ClinicCodes.Population, ("veterans", 0.25), ("lgbtq", 0.2), ("women", 0.25), ("men", 0.2), ("pregnant", 0.12), ("criminal_justice", 0.3), ("trauma", 0.35));
        var langs = Some(ClinicCodes.Language, ("spanish", 0.35), ("asl", 0.1));
        var services = Some(ClinicCodes.Service, ("co_occurring", 0.6), ("family_therapy", 0.5), ("telehealth", 0.4), ("evening", 0.5), ("weekend", 0.15), ("transport", 0.1)).ToList();
        if (Chance(random, 0.45) || care.Contains("otp"))
        {
            services.Add(ClinicCodes.Service.Code("mat"));
            services.AddRange(Some(ClinicCodes.Service, ("buprenorphine", 0.8), ("naltrexone", 0.6)));
            if (care.Contains("otp")) services.Add(ClinicCodes.Service.Code("methadone"));
        }

        var accred = Some(ClinicCodes.Accreditation, ("joint_commission", 0.35), ("carf", 0.3), ("ncqa", 0.05), ("coa", 0.05), ("state_licensed", 0.95));
        var iop = care.Contains("iop");
        var evening = iop && Chance(random, 0.6);
        var clinic = new Clinic
        {
            Slug = slug,
            Name = name,
            ProgramName = iop && Chance(random, 0.4) ? Pick(random, Programs) : null,
            Street = $"{random.Next(10, 9900)} {Pick(random, Streets)} {Pick(random, StreetKinds)}",
            Street2 = Chance(random, 0.3) ? $"Suite {random.Next(100, 500)}" : null,
            City = place.City,
            State = place.State,
            Zip = place.Zip!,
            Latitude = latitude,
            Longitude = longitude,
            Phone = $"{random.Next(201, 990)}-555-01{random.Next(0, 100):00}",
            IntakePhone = Chance(random, 0.4) ? $"{random.Next(201, 990)}-555-01{random.Next(0, 100):00}" : null,
            Website = $"https://{slug}.example.org/",
            Description = "This is a fictional demo listing. It shows how a program's description reads; no such program exists.",
            Status = ListingStatus.Active,
            Accepting = Chance(random, 0.7) ? "yes" : Chance(random, 0.33) ? "no" : "unknown",
            IopHoursPerWeek = iop ? 9 + random.Next(0, 7) : null,
            IopDay = iop && (!evening || Chance(random, 0.4)),
            IopEvening = evening,
            IopWeekend = iop && Chance(random, 0.15),
            IopLengthWeeks = iop ? 6 + random.Next(0, 11) : null,
            IopTelehealth = iop && Chance(random, 0.3),
            Source = ListingSource.Demo,
            SourceId = "demo-" + (index + 1).ToString(CultureInfo.InvariantCulture),
            Claimed = Chance(random, 0.2),
            LastVerified = ReferenceDate.AddDays(-random.Next(0, 400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            UpdatedAt = ReferenceDate.AddDays(-random.Next(0, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (clinic.Accepting == "yes" && iop && Chance(random, 0.25))
        {
            clinic.WaitNote = Pick(random, WaitNotes);
        }

        clinic.SetMask(ClinicCodes.Care, ClinicCodes.Care.Mask(care));
        clinic.SetMask(ClinicCodes.Pay, ClinicCodes.Pay.Mask(pay));
        clinic.SetMask(ClinicCodes.Age, ClinicCodes.Age.Mask(ages));
        clinic.SetMask(ClinicCodes.Population, ClinicCodes.Population.Mask(pops));
        clinic.SetMask(ClinicCodes.Language, ClinicCodes.Language.Mask(langs));
        clinic.SetMask(ClinicCodes.Service, ClinicCodes.Service.Mask(services));
        clinic.SetMask(ClinicCodes.Accreditation, ClinicCodes.Accreditation.Mask(accred));
        return clinic;
    }

}
