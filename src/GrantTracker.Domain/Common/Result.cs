namespace GrantTracker.Domain.Common;

/// <summary>A refusal the user can act on: the field it concerns (may be empty) and a Swedish message.</summary>
public sealed record Error(string Field, string Message);

/// <summary>
/// The outcome of a domain method or a use case. Domain methods refuse an illegal change by returning
/// errors and leaving the entity untouched; nothing throws to validate.
/// </summary>
public class Result
{
    private static readonly Result Success = new([]);

    protected Result(IReadOnlyList<Error> errors) => Errors = errors;

    public IReadOnlyList<Error> Errors { get; }

    public bool Succeeded => Errors.Count == 0;

    public static Result Ok() => Success;

    public static Result Fail(string field, string message) => new([new Error(field, message)]);

    public static Result Fail(IEnumerable<Error> errors) => new(errors.ToArray());

    public static Result<T> Ok<T>(T value) => new(value, []);

    public static Result<T> Fail<T>(string field, string message) => new(default, [new Error(field, message)]);

    public static Result<T> Fail<T>(IEnumerable<Error> errors) => new(default, errors.ToArray());
}

public sealed class Result<T> : Result
{
    private readonly T? _value;

    internal Result(T? value, IReadOnlyList<Error> errors) : base(errors) => _value = value;

    /// <summary>The value of a successful result; reading it from a failed one is a programming error.</summary>
    public T Value => Succeeded ? _value! : throw new InvalidOperationException("A failed result has no value.");
}

/// <summary>Collects refusals while a method checks all its rules, so the user sees every problem at once.</summary>
public sealed class ErrorList
{
    private readonly List<Error> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add(new Error(field, message));

    public void AddRange(IEnumerable<Error> errors) => _errors.AddRange(errors);

    public Result ToResult() => _errors.Count == 0 ? Result.Ok() : Result.Fail(_errors);

    public Result<T> ToResult<T>(Func<T> value) => _errors.Count == 0 ? Result.Ok(value()) : Result.Fail<T>(_errors);
}
