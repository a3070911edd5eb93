using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IopFinder.Web.Data;

/// <summary>Healthy when the database answers a query and its schema is at the version this build expects.</summary>
public sealed class DatabaseHealthCheck(Db db, Migrator migrator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (db.FilePath is { } path && !File.Exists(path))
        {
            // Pooled connections would still read a deleted file; the site must not say it is fine.
            return Task.FromResult(HealthCheckResult.Unhealthy($"no database file at {path}"));
        }

        try
        {
            var version = migrator.CurrentVersion();
            return Task.FromResult(version == migrator.LatestVersion
                ? HealthCheckResult.Healthy($"schema version {version}")
                : HealthCheckResult.Unhealthy($"schema version {version}, expected {migrator.LatestVersion}"));
        }
        catch (Exception exception)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("database unavailable", exception));
        }
    }
}
