namespace GrantTracker.Domain.Common;

/// <summary>
/// An entity with an optimistic concurrency token. SQLite has no generated rowversion, so the
/// application increments <see cref="Version"/> on every save and EF checks it in the WHERE clause.
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}
