namespace GrantTracker.Application.Seeding;

/// <summary>
/// The app's clock, which the demo year can hold at a moment of 2023 while it builds each step (<see cref="DemoYear"/>): the use cases,
/// the audit trail and the import history then record the step when it would have happened, not all within the minute the demo starts.
/// The hold is an <see cref="AsyncLocal{T}"/>, so it covers only the seeding's own calls: anything else running meanwhile (a hosted
/// service, a request) reads the clock underneath.
/// </summary>
public sealed class HoldableClock(TimeProvider inner) : TimeProvider
{
    private readonly AsyncLocal<DateTimeOffset?> _held = new();

    public TimeProvider Inner { get; } = inner;

    public override DateTimeOffset GetUtcNow() => _held.Value ?? Inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    /// <summary>Holds the clock at <paramref name="at"/> for the rest of the calling method and what it awaits.</summary>
    public void Hold(DateTimeOffset at) => _held.Value = at;

    public void Release() => _held.Value = null;
}
