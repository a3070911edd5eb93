using System.Data.Common;
using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Search;

namespace IopFinder.Web.Clinics;

/// <summary>One state's active listings, claimed or not: how many, how many with openings and verification still fresh.</summary>
public sealed record FreshnessRow(string State, long Claimed, long Total, long OpeningsFresh, long VerifiedFresh);

/// <summary>A claimed listing whose openings or verification are old, for moderators to chase.</summary>
public sealed record StaleListing(long Id, string Name, string Slug, string State, string? OpeningsAsOf, string? LastVerified, string? LastReminded, string? RemindersPaused);

/// <summary>A state or city on the browse pages, with how many active IOP listings it has.</summary>
public sealed record PlaceCount(string State, string City, long Count);

/// <summary>A listing's status: shown, closed (shown as closed), or hidden.</summary>
public static class ListingStatus
{
    public const string Active = "active";
    public const string Closed = "closed";
    public const string Hidden = "hidden";

    public static readonly IReadOnlyList<string> All = [Active, Closed, Hidden];
}

/// <summary>Where a listing came from.</summary>
public static class ListingSource
{
    public const string Demo = "demo";
    public const string Samhsa = "samhsa";
    public const string Clinic = "clinic";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Demo, Samhsa, Clinic, Admin];
}

/// <summary>
/// The listings store: every query and write of the clinics table (the directory's snapshot, listing and
/// browse pages, the sitemap, seeding, imports, the portal, moderation, benchmarks and the command-line
/// tools) is here, so a change to the listing model has one place to go. Other tables may join clinics for
/// a listing's name.
/// </summary>
public sealed class ClinicQueries(Db db)
{
    public const string Columns =
        "id, slug, name, program_name, street, street2, city, state, zip, latitude, longitude, phone, intake_phone, website, description, " +
        "status, accepting, wait_note, iop_hours_per_week, iop_day, iop_evening, iop_weekend, iop_length_weeks, iop_telehealth, " +
        "care_mask, pay_mask, age_mask, pop_mask, lang_mask, service_mask, accred_mask, other_languages, services_reported, " +
        "source, source_id, claimed, last_verified, updated_at, " +
        "openings_status, openings_next_start, openings_wait_weeks, openings_as_of, openings_source, iop_schedule, time_zone";

    private const string Values =
        "@Slug, @Name, @ProgramName, @Street, @Street2, @City, @State, @Zip, @Latitude, @Longitude, @Phone, @IntakePhone, @Website, @Description, " +
        "@Status, @Accepting, @WaitNote, @IopHoursPerWeek, @IopDay, @IopEvening, @IopWeekend, @IopLengthWeeks, @IopTelehealth, " +
        "@CareMask, @PayMask, @AgeMask, @PopMask, @LangMask, @ServiceMask, @AccredMask, @OtherLanguages, @ServicesReported, " +
        "@Source, @SourceId, @Claimed, @LastVerified, @UpdatedAt, " +
        "@OpeningsStatus, @OpeningsNextStart, @OpeningsWaitWeeks, @OpeningsAsOf, @OpeningsSource, @IopSchedule, @TimeZone";

    // The id comes from id_sequences (migration 0004), so an id is never handed out twice.
    private static readonly string InsertSql = "INSERT INTO clinics (" + Columns + ") VALUES ((SELECT last + 1 FROM id_sequences WHERE name = 'clinics'), " + Values + ") RETURNING id";

    // On PostgreSQL id_sequences holds the highest id ever deleted, not every id handed out (see its schema).
    private static readonly string PostgresInsertSql = "INSERT INTO clinics (" + Columns + ") VALUES (" +
        "(SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM clinics)) + 1 FROM id_sequences WHERE name = 'clinics'), " + Values + ") RETURNING id";

    private static readonly string UpdateSql = "UPDATE clinics SET " + string.Join(", ",
        Columns.Split(", ").Skip(1).Zip(Values.Split(", ")).Select(p => $"{p.First} = {p.Second}")) + " WHERE id = @Id";

    public Clinic? BySlug(string slug)
    {
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<Clinic>($"SELECT {Columns} FROM clinics WHERE slug = @slug", new { slug });
    }

    public Clinic? ById(long id)
    {
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<Clinic>($"SELECT {Columns} FROM clinics WHERE id = @id", new { id });
    }

    /// <summary>
    /// The active listings with these ids, in the order the ids were given. A listing hidden, closed or
    /// removed since the search snapshot was built is left out rather than shown.
    /// </summary>
    public IReadOnlyList<Clinic> ByIds(IReadOnlyList<long> ids, bool activeOnly = true)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        using var connection = db.Open();
        var found = connection.Query<Clinic>($"SELECT {Columns} FROM clinics WHERE {connection.InList("id", "ids")} AND (status = 'active' OR NOT @activeOnly)", new { ids = ids.ToArray(), activeOnly }).ToDictionary(c => c.Id);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>
    /// Ids of active listings edited, given openings or verified on or after <paramref name="day"/> (yyyy-MM-dd),
    /// ascending: HSDS's <c>modified_after</c>, which must see new openings as a change.
    /// </summary>
    public List<long> IdsModifiedSince(string day)
    {
        using var connection = db.Open();
        return connection.Query<long>(
            "SELECT id FROM clinics WHERE status = 'active' AND (updated_at >= @day OR openings_as_of >= @day OR last_verified >= @day) ORDER BY id",
            new { day }).ToList();
    }

    /// <summary>Ids of active listings carrying any of the given codes, ascending: HSDS's <c>taxonomy_id</c>.</summary>
    public List<long> IdsWithAnyCode(IReadOnlyDictionary<CodeSet, long> masks)
    {
        using var connection = db.Open();
        long M(CodeSet set) => masks.GetValueOrDefault(set);
        return connection.Query<long>(
            """
            SELECT id FROM clinics WHERE status = 'active' AND ((care_mask & @care) <> 0 OR (pay_mask & @pay) <> 0 OR (age_mask & @age) <> 0
              OR (pop_mask & @pop) <> 0 OR (lang_mask & @lang) <> 0 OR (service_mask & @service) <> 0 OR (accred_mask & @accred) <> 0)
            ORDER BY id
            """,
            new
            {
                care = M(ClinicCodes.Care), pay = M(ClinicCodes.Pay), age = M(ClinicCodes.Age), pop = M(ClinicCodes.Population),
                lang = M(ClinicCodes.Language), service = M(ClinicCodes.Service), accred = M(ClinicCodes.Accreditation),
            }).ToList();
    }

    /// <summary>The listings' version: every insert, update or delete of a listing raises it (migration 0004's triggers).</summary>
    public static long Version(DbConnection connection, DbTransaction? transaction = null) =>
        connection.ExecuteScalar<long>("SELECT version FROM data_versions WHERE name = 'listings'", transaction: transaction);

    /// <summary>How many times this listing has changed (migration 0006), for "changed since you opened this form".</summary>
    public static long RowVersion(DbConnection connection, DbTransaction? transaction, long id) =>
        connection.ExecuteScalar<long>("SELECT row_version FROM clinics WHERE id = @id", new { id }, transaction);

    public long RowVersion(long id)
    {
        using var connection = db.Open();
        return RowVersion(connection, null, id);
    }

    public long Version()
    {
        using var connection = db.Open();
        return Version(connection);
    }

    /// <summary>
    /// Brings the search text of these listings up to date inside the caller's transaction: an active
    /// listing gets its current text, any other loses its row. The cost is that of the listings named,
    /// never of the whole directory.
    /// </summary>
    public static void RefreshSearchText(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var clinics = new List<Clinic>();
        foreach (var chunk in ids.Chunk(500))
        {
            clinics.AddRange(connection.Query<Clinic>($"SELECT {Columns} FROM clinics WHERE {connection.InList("id", "chunk")}", new { chunk }, transaction));
        }

        SearchIndex.WriteClinics(connection, transaction, ids, clinics.Where(c => c.Status == ListingStatus.Active));
    }

    public int Count()
    {
        using var connection = db.Open();
        return Count(connection);
    }

    /// <summary>How many listings there are, of every status.</summary>
    public static int Count(DbConnection connection, DbTransaction? transaction = null) =>
        connection.ExecuteScalar<int>("SELECT count(*) FROM clinics", transaction: transaction);

    /// <summary>One listing inside the caller's transaction.</summary>
    public static Clinic? ById(DbConnection connection, DbTransaction transaction, long id) =>
        connection.QuerySingleOrDefault<Clinic>($"SELECT {Columns} FROM clinics WHERE id = @id", new { id }, transaction);

    /// <summary>Every listing inside the caller's transaction, for an import to match rows against.</summary>
    public static List<Clinic> All(DbConnection connection, DbTransaction transaction) =>
        connection.Query<Clinic>($"SELECT {Columns} FROM clinics", transaction: transaction).ToList();

    /// <summary>The active listings, streamed: what the directory's snapshot and the search benchmark are built from.</summary>
    public static IEnumerable<Clinic> Active(DbConnection connection, DbTransaction? transaction = null) =>
        connection.Query<Clinic>($"SELECT {Columns} FROM clinics WHERE status = @active", new { active = ListingStatus.Active }, transaction, buffered: false);

    /// <summary>The listings a person keeps current, by name.</summary>
    public IReadOnlyList<Clinic> ListingsFor(long userId)
    {
        using var connection = db.Open();
        return connection.Query<Clinic>($"SELECT {Columns} FROM clinics WHERE id IN (SELECT clinic_id FROM clinic_staff WHERE user_id = @userId) ORDER BY name", new { userId }).ToList();
    }

    /// <summary>Marks a listing as kept by its clinic.</summary>
    public static void MarkClaimed(DbConnection connection, DbTransaction transaction, long id) =>
        connection.Execute("UPDATE clinics SET claimed = 1 WHERE id = @id", new { id }, transaction);

    /// <summary>"Still accurate": the clinic confirmed the listing today.</summary>
    public static void MarkVerified(DbConnection connection, DbTransaction transaction, long id, string today) =>
        connection.Execute("UPDATE clinics SET last_verified = @today WHERE id = @id", new { today, id }, transaction);

    /// <summary>A change the clinic proposed went live today.</summary>
    /// <summary>
    /// Claimed active listings whose openings were last confirmed before <paramref name="openingsBefore"/> (or never), or
    /// that were last verified before <paramref name="verifiedBefore"/> (or never), whose reminders are not paused and
    /// were last sent before <paramref name="sentBefore"/>: the listings the reminder job writes to.
    /// </summary>
    public static List<(long Id, string Name, string? OpeningsAsOf, string? LastVerified)> DueForReminder(DbConnection connection, DbTransaction? transaction, string openingsBefore, string verifiedBefore, string sentBefore) =>
        connection.Query<(long, string, string?, string?)>(
            """
            SELECT c.id, c.name, c.openings_as_of, c.last_verified FROM clinics c LEFT JOIN reminder_state s ON s.clinic_id = c.id
            WHERE c.status = 'active' AND c.claimed = 1
              AND (c.openings_as_of IS NULL OR c.openings_as_of < @openingsBefore OR c.last_verified IS NULL OR c.last_verified < @verifiedBefore)
              AND s.paused_at IS NULL AND (s.last_sent_at IS NULL OR s.last_sent_at < @sentBefore)
            ORDER BY c.id
            """, new { openingsBefore, verifiedBefore, sentBefore }, transaction).ToList();

    /// <summary>Active listings by state and claimed or not, with how many have openings confirmed since <paramref name="openingsSince"/> and verification since <paramref name="verifiedSince"/>.</summary>
    public IReadOnlyList<FreshnessRow> Freshness(string openingsSince, string verifiedSince, string today)
    {
        using var connection = db.Open();
        return connection.Query<FreshnessRow>(
            """
            SELECT state, claimed, COUNT(*) AS total,
                   SUM(CASE WHEN openings_status <> 'unknown' AND openings_as_of >= @openingsSince
                            AND NOT (openings_status = 'next-start' AND openings_next_start < @today) THEN 1 ELSE 0 END) AS openings_fresh,
                   SUM(CASE WHEN last_verified >= @verifiedSince THEN 1 ELSE 0 END) AS verified_fresh
            FROM clinics WHERE status = 'active' GROUP BY state, claimed ORDER BY state, claimed DESC
            """, new { openingsSince, verifiedSince, today }).ToList();
    }

    /// <summary>Claimed active listings whose openings or verification are old, oldest openings first.</summary>
    public IReadOnlyList<StaleListing> StaleClaimed(string openingsSince, string verifiedSince, int limit = 200)
    {
        using var connection = db.Open();
        return connection.Query<StaleListing>(
            """
            SELECT c.id, c.name, c.slug, c.state, c.openings_as_of, c.last_verified, s.last_sent_at AS last_reminded, s.paused_at AS reminders_paused
            FROM clinics c LEFT JOIN reminder_state s ON s.clinic_id = c.id
            WHERE c.status = 'active' AND c.claimed = 1
              AND (c.openings_status = 'unknown' OR c.openings_as_of IS NULL OR c.openings_as_of < @openingsSince OR c.last_verified IS NULL OR c.last_verified < @verifiedSince)
            ORDER BY c.openings_as_of IS NOT NULL, c.openings_as_of, c.id LIMIT @limit
            """, new { openingsSince, verifiedSince, limit }).ToList();
    }

    /// <summary>Sets a listing's openings alone; the row version is untouched (migration 0009), the listings' version rises.</summary>
    public static void SetOpenings(DbConnection connection, DbTransaction transaction, long id, Openings openings)
    {
        var values = new Clinic();
        openings.ApplyTo(values);
        connection.Execute(
            "UPDATE clinics SET openings_status = @status, openings_next_start = @next, openings_wait_weeks = @weeks, openings_as_of = @asOf, openings_source = @source WHERE id = @id",
            new { status = values.OpeningsStatus, next = values.OpeningsNextStart, weeks = values.OpeningsWaitWeeks, asOf = values.OpeningsAsOf, source = values.OpeningsSource, id }, transaction);
    }

    public static void MarkClinicUpdated(DbConnection connection, DbTransaction transaction, long id, string today) =>
        connection.Execute("UPDATE clinics SET clinic_updated_at = @today WHERE id = @id", new { today, id }, transaction);

    /// <summary>When the clinic last had a change approved, for "Updated by the clinic on …".</summary>
    public string? ClinicUpdatedAt(long id)
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<string?>("SELECT clinic_updated_at FROM clinics WHERE id = @id", new { id });
    }

    /// <summary>Demo listings that a claim, request, proposed change, report or audit entry names: they are kept, marked removed.</summary>
    public static List<long> ReferencedDemoIds(DbConnection connection, DbTransaction transaction) =>
        connection.Query<long>(
            """
            SELECT id FROM clinics WHERE source = @demo AND removed_at IS NULL AND (
                id IN (SELECT clinic_id FROM clinic_staff) OR id IN (SELECT clinic_id FROM access_requests) OR
                id IN (SELECT clinic_id FROM proposed_changes) OR id IN (SELECT clinic_id FROM clinic_reports) OR
                id IN (SELECT clinic_id FROM audit_log WHERE clinic_id IS NOT NULL))
            """, new { demo = ListingSource.Demo }, transaction).ToList();

    /// <summary>Hides listings as removed and frees their slugs and source ids for new listings.</summary>
    public static void MarkRemoved(DbConnection connection, DbTransaction transaction, long[] chunk, string now) =>
        connection.Execute(
            $"UPDATE clinics SET status = @hidden, removed_at = @now, slug = slug || '-removed-' || id, source_id = source_id || '-removed-' || id WHERE {connection.InList("id", "chunk")}",
            new { hidden = ListingStatus.Hidden, now, chunk }, transaction);

    /// <summary>Deletes the demo listings nothing names; returns their ids.</summary>
    public static List<long> DeleteDemo(DbConnection connection, DbTransaction transaction) =>
        connection.Query<long>("DELETE FROM clinics WHERE source = @demo AND removed_at IS NULL RETURNING id", new { demo = ListingSource.Demo }, transaction).ToList();

    /// <summary>Closes a listing (a moderator, on a report), with its search text, inside the caller's transaction.</summary>
    public static void Close(DbConnection connection, DbTransaction transaction, long id, string today)
    {
        connection.Execute("UPDATE clinics SET status = @closed, updated_at = @today WHERE id = @id", new { closed = ListingStatus.Closed, today, id }, transaction);
        RefreshSearchText(connection, transaction, [id]);
    }

    /// <summary>Every listing, in id order, for exports.</summary>
    public IEnumerable<Clinic> All()
    {
        using var connection = db.Open();
        foreach (var clinic in connection.Query<Clinic>($"SELECT {Columns} FROM clinics ORDER BY id", buffered: false))
        {
            yield return clinic;
        }
    }

    /// <summary>Inserts new listings (Id 0) and updates existing ones in one transaction.</summary>
    public void Save(IEnumerable<Clinic> clinics)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        Save(connection, transaction, clinics);
        transaction.Commit();
    }

    /// <summary>
    /// Saves within the caller's transaction, together with the saved listings' search text. The
    /// statements are prepared once and reused for every row: imports of tens of thousands of rows
    /// spend their time writing, not parsing SQL. Whole listings are written only here; the few single-
    /// column updates elsewhere (claimed, last verified, a status change) call <see cref="RefreshSearchText"/>
    /// when the text could change, and migration 0004's triggers raise the version for every write alike.
    /// </summary>
    public static void Save(DbConnection connection, DbTransaction transaction, IEnumerable<Clinic> clinics)
    {
        using var insert = Prepare(connection, transaction, connection.IsPostgres() ? PostgresInsertSql : InsertSql);
        using var update = Prepare(connection, transaction, UpdateSql);
        var saved = new List<Clinic>();
        foreach (var clinic in clinics)
        {
            var command = clinic.Id == 0 ? insert : update;
            foreach (var (parameter, property) in Bindings)
            {
                if (command.Parameters.Contains(parameter))
                {
                    // Flags are integer columns on both databases; PostgreSQL will not store a boolean in one.
                    var value = property.GetValue(clinic);
                    command.Parameters[parameter].Value = value is bool flag ? (flag ? 1 : 0) : value ?? DBNull.Value;
                }
            }

            if (clinic.Id == 0)
            {
                clinic.Id = (long)command.ExecuteScalar()!;
            }
            else
            {
                command.ExecuteNonQuery();
            }

            saved.Add(clinic);
        }

        SearchIndex.WriteClinics(connection, transaction, saved.Select(c => c.Id).ToList(), saved.Where(c => c.Status == ListingStatus.Active));
    }

    private static readonly (string Parameter, System.Reflection.PropertyInfo Property)[] Bindings =
        Values.Split(", ").Append("@Id").Select(p => (p, typeof(Clinic).GetProperty(p[1..])!)).ToArray();

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var parameter in System.Text.RegularExpressions.Regex.Matches(sql, @"@\w+").Select(m => m.Value).Distinct())
        {
            command.AddParameter(parameter);
        }

        command.PrepareForReuse();
        return command;
    }

    public IReadOnlyList<PlaceCount> IopStates()
    {
        using var connection = db.Open();
        return connection.Query<PlaceCount>(
            "SELECT state, '' AS city, count(*) AS count FROM clinics WHERE status = 'active' AND (care_mask & @iop) != 0 GROUP BY state ORDER BY state",
            new { iop = ClinicCodes.Care.Mask(["iop"]) }).ToList();
    }

    public IReadOnlyList<PlaceCount> IopCities(string state)
    {
        using var connection = db.Open();
        return connection.Query<PlaceCount>(
            "SELECT state, city, count(*) AS count FROM clinics WHERE status = 'active' AND state = @state AND (care_mask & @iop) != 0 GROUP BY state, city ORDER BY city",
            new { state, iop = ClinicCodes.Care.Mask(["iop"]) }).ToList();
    }

    public IReadOnlyList<Clinic> IopsInCity(string state, string city)
    {
        using var connection = db.Open();
        return connection.Query<Clinic>(
            $"SELECT {Columns} FROM clinics WHERE status = 'active' AND state = @state AND lower(city) = lower(@city) AND (care_mask & @iop) != 0 ORDER BY name",
            new { state, city, iop = ClinicCodes.Care.Mask(["iop"]) }).ToList();
    }

    /// <summary>Slugs and last change dates of active listings, for the sitemap.</summary>
    public IEnumerable<(string Slug, string UpdatedAt)> SitemapRows()
    {
        using var connection = db.Open();
        foreach (var row in connection.Query<(string, string)>("SELECT slug, updated_at FROM clinics WHERE status = 'active' ORDER BY id", buffered: false))
        {
            yield return row;
        }
    }
}
