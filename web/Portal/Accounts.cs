using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using IopFinder.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Portal;

/// <summary>A person who can sign in: clinic staff, a moderator or an administrator.</summary>
public sealed class User
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public string? PasswordHash { get; set; }
    public string Role { get; set; } = "clinic";
    public bool Disabled { get; set; }
    public string SecurityStamp { get; set; } = "";
    public int FailedLogins { get; set; }
    public string? LockedUntil { get; set; }
    public string CreatedAt { get; set; } = "";

    public bool IsModerator => Role is "moderator" or "admin";
}

/// <summary>The outcome of a sign-in attempt. Callers show one message for every failure.</summary>
public enum SignInOutcome
{
    Success,
    Failed,
    LockedOut,
}

/// <summary>
/// Accounts, passwords and one-time tokens. Passwords use ASP.NET Core's PasswordHasher (PBKDF2) at
/// 210,000 iterations; tokens are random, single-use, kept only as SHA-256 hashes, and expire.
/// </summary>
public sealed class Accounts(Db db, IPasswordHasher<User> hasher, TimeProvider clock)
{
    public const int MinimumPasswordLength = 12;
    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan InviteLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);

    private const string Columns = "id, email, name, password_hash, role, disabled, security_stamp, failed_logins, locked_until, created_at";

    private string Now => clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public User? ById(long id)
    {
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<User>($"SELECT {Columns} FROM users WHERE id = @id", new { id });
    }

    public User? ByEmail(string email)
    {
        using var connection = db.Open();
        return ByEmail(connection, null, email);
    }

    public static User? ByEmail(DbConnection connection, DbTransaction? transaction, string email) =>
        connection.QuerySingleOrDefault<User>($"SELECT {Columns} FROM users WHERE lower(email) = lower(@email)", new { email = email.Trim() }, transaction);

    public IReadOnlyList<User> All()
    {
        using var connection = db.Open();
        return connection.Query<User>($"SELECT {Columns} FROM users ORDER BY email").ToList();
    }

    /// <summary>Finds or creates the account for an email, without a password until the invitation is used.</summary>
    public User Ensure(string email, string name, string role)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var user = Ensure(connection, transaction, email, name, role);
        transaction.Commit();
        return user;
    }

    /// <summary>Finds or creates the account inside the caller's transaction.</summary>
    public User Ensure(DbConnection connection, DbTransaction transaction, string email, string name, string role)
    {
        connection.Execute(
            // Addresses differ from each other in more than letter case (a unique index on each database says so).
            """
            INSERT INTO users (email, name, role, security_stamp, created_at)
            SELECT @email, @name, @role, @stamp, @now WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(@email))
            ON CONFLICT DO NOTHING
            """,
            new { email = email.Trim(), name = name.Trim(), role, stamp = NewStamp(), now = Now }, transaction);
        return connection.QuerySingle<User>($"SELECT {Columns} FROM users WHERE lower(email) = lower(@email)", new { email = email.Trim() }, transaction);
    }

    /// <summary>
    /// Makes the account for <paramref name="email"/> a moderator or an administrator (creating it when
    /// needed) and enables it. A role is only ever raised here: an administrator stays one.
    /// </summary>
    public User Promote(string email, string role)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var user = Promote(connection, transaction, email, role);
        transaction.Commit();
        return user;
    }

    /// <summary>Promotes inside the caller's transaction, so the promotion, its audit entry and its invitation stand or fall together.</summary>
    public User Promote(DbConnection connection, DbTransaction transaction, string email, string role)
    {
        var user = Ensure(connection, transaction, email, "", role);
        connection.Execute(
            "UPDATE users SET role = CASE WHEN role = 'admin' THEN 'admin' ELSE @role END, disabled = 0, security_stamp = @stamp WHERE id = @id",
            new { role, stamp = NewStamp(), id = user.Id }, transaction);
        return connection.QuerySingle<User>($"SELECT {Columns} FROM users WHERE id = @id", new { id = user.Id }, transaction);
    }

    /// <summary>Why a password is not acceptable for the account with <paramref name="email"/>, or null when it is.</summary>
    public static string? PasswordProblem(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
        {
            return $"Use at least {MinimumPasswordLength} characters.";
        }

        if (password.Length > 200)
        {
            return "Use 200 characters or fewer.";
        }

        if (CommonPasswords.Contains(password))
        {
            return "That password is too common. Choose one that is harder to guess.";
        }

        // Long but guessable: one character or one short run repeated (bbbbbbbbbbbb, abcabcabcabc).
        if (password.Distinct().Count() < 5 || RepeatsAShortRun(password))
        {
            return "That password repeats itself. Use a few unrelated words, or a mix of different characters.";
        }

        if (email is { Length: > 0 } && (password.Contains(email, StringComparison.OrdinalIgnoreCase)
            || (email.Split('@')[0] is { Length: >= 4 } local && password.Contains(local, StringComparison.OrdinalIgnoreCase))))
        {
            return "Don't use your email address in your password.";
        }

        return null;
    }

    private static bool RepeatsAShortRun(string password)
    {
        for (var length = 1; length <= password.Length / 2; length++)
        {
            if (password.Length % length == 0 && password == string.Concat(Enumerable.Repeat(password[..length], password.Length / length)))
            {
                return true;
            }
        }

        return false;
    }

    public SignInOutcome SignIn(string email, string password, out User? user)
    {
        user = ByEmail(email);
        if (user is null || user.Disabled || user.PasswordHash is null)
        {
            // Hash anyway, so the time taken does not reveal whether the account exists.
            hasher.HashPassword(new User(), password);
            return SignInOutcome.Failed;
        }

        if (user.LockedUntil is { } locked && DateTime.Parse(locked, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) > clock.GetUtcNow().UtcDateTime)
        {
            // Verify anyway, so a locked account answers as slowly as any other and its state does not show.
            hasher.VerifyHashedPassword(user, user.PasswordHash, password);
            return SignInOutcome.LockedOut;
        }

        using var connection = db.Open();
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // Counted in the database in one statement, not read and written back: ten wrong passwords
            // at once are ten failures, and the one that reaches the limit locks the account.
            var lockUntil = clock.GetUtcNow().UtcDateTime.Add(LockoutTime).ToString("O", CultureInfo.InvariantCulture);
            var lockedNow = connection.ExecuteScalar<string?>(
                """
                UPDATE users SET
                    locked_until = CASE WHEN failed_logins + 1 >= @max THEN @lockUntil ELSE locked_until END,
                    failed_logins = CASE WHEN failed_logins + 1 >= @max THEN 0 ELSE failed_logins + 1 END
                WHERE id = @id RETURNING locked_until
                """, new { max = MaxFailedLogins, lockUntil, id = user.Id });
            return lockedNow == lockUntil ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        }

        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : user.PasswordHash;
        connection.Execute("UPDATE users SET failed_logins = 0, locked_until = NULL, password_hash = @rehash WHERE id = @id", new { rehash, id = user.Id });
        return SignInOutcome.Success;
    }

    /// <summary>Sets a new password and a new security stamp, which signs the person out everywhere else.</summary>
    public void SetPassword(long userId, string password)
    {
        var user = ById(userId) ?? throw new InvalidOperationException("No such user.");
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        connection.Execute("UPDATE users SET password_hash = @hash, security_stamp = @stamp, failed_logins = 0, locked_until = NULL WHERE id = @id",
            new { hash = hasher.HashPassword(user, password), stamp = NewStamp(), id = userId }, transaction);
        // Every other set-password or reset link for this account is spent too: the password they would set exists now.
        connection.Execute("UPDATE user_tokens SET used_at = @now WHERE user_id = @id AND used_at IS NULL", new { now = Now, id = userId }, transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Disables or re-enables an account (a new security stamp signs it out everywhere) and runs
    /// <paramref name="record"/> in the same transaction. Without <paramref name="mayChangeAdministrators"/>
    /// an administrator is never touched, checked in the update itself: an account promoted a moment after a
    /// moderator opened the page is still safe. Returns false when nothing changed.
    /// </summary>
    public bool SetDisabled(long userId, bool disabled, bool mayChangeAdministrators = true, Action<DbConnection, DbTransaction>? record = null)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var changed = connection.Execute(
            "UPDATE users SET disabled = @disabled, security_stamp = @stamp WHERE id = @id AND (@mayChangeAdministrators OR role <> 'admin')",
            new { disabled = disabled ? 1 : 0, stamp = NewStamp(), id = userId, mayChangeAdministrators }, transaction);
        if (changed == 0)
        {
            return false;
        }

        record?.Invoke(connection, transaction);
        transaction.Commit();
        return true;
    }

    /// <summary>Issues a one-time token and returns it; only its hash is stored.</summary>
    public string IssueToken(long userId, string purpose)
    {
        using var connection = db.Open();
        return IssueToken(connection, null, userId, purpose);
    }

    /// <summary>Issues a one-time token inside the caller's transaction.</summary>
    public string IssueToken(DbConnection connection, DbTransaction? transaction, long userId, string purpose)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var lifetime = purpose == "invite" ? InviteLifetime : ResetLifetime;
        connection.Execute(
            "INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at) VALUES (@userId, @purpose, @hash, @expires)",
            new { userId, purpose, hash = Hash(token), expires = clock.GetUtcNow().UtcDateTime.Add(lifetime).ToString("O", CultureInfo.InvariantCulture) }, transaction);
        return token;
    }

    /// <summary>The user a token belongs to if it is known, unused and unexpired; otherwise null.</summary>
    public User? CheckToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        using var connection = db.Open();
        var row = connection.QuerySingleOrDefault<(long UserId, string ExpiresAt, string? UsedAt)>(
            "SELECT user_id, expires_at, used_at FROM user_tokens WHERE token_hash = @hash", new { hash = Hash(token) });
        if (row.UserId == 0 || row.UsedAt is not null || DateTime.Parse(row.ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) <= clock.GetUtcNow().UtcDateTime)
        {
            return null;
        }

        return ById(row.UserId) is { Disabled: false } user ? user : null;
    }

    /// <summary>Marks a token used; false if it was already used (two tabs racing), so it works once only.</summary>
    public bool UseToken(string token)
    {
        using var connection = db.Open();
        return connection.Execute("UPDATE user_tokens SET used_at = @now WHERE token_hash = @hash AND used_at IS NULL", new { now = Now, hash = Hash(token) }) == 1;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Ends every session of this account on the server: a new security stamp makes every cookie issued
    /// before it invalid, including a copy someone kept of the one just signed out.
    /// </summary>
    public void EndSessions(long userId)
    {
        using var connection = db.Open();
        connection.Execute("UPDATE users SET security_stamp = @stamp WHERE id = @id", new { stamp = NewStamp(), id = userId });
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Passwords so common that attackers try them first (a short list; length already rules out most).</summary>
    private static readonly HashSet<string> CommonPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678901234", "password1234", "password12345", "password123456", "passwordpassword",
        "qwertyuiopas", "qwerty123456", "qwertyuiop123", "iloveyou1234", "letmein12345", "welcome12345", "welcome123456",
        "administrator", "administrator1", "changeme1234", "abcdefghijkl", "abc123456789", "aaaaaaaaaaaa", "111111111111",
        "000000000000", "trustno11234", "football1234", "baseball1234", "sunshine1234", "princess1234", "monkey123456",
        "dragon123456", "superman1234", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "passw0rd1234", "p@ssw0rd1234",
        "password1!23", "iopfinder123", "iopfinder1234", "recovery1234", "treatment123",
    };
}
