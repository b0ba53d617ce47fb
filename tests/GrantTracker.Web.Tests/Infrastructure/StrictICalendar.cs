using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>
/// A deliberately strict RFC 5545 reader for tests: it throws on anything a lenient client might forgive —
/// invalid UTF-8, a bare CR or LF, a physical line over 75 octets, a malformed content line, unbalanced
/// BEGIN/END, a missing required property, an unescaped comma or semicolon in a TEXT value, a bad date.
/// </summary>
public static partial class StrictICalendar
{
    public sealed record Property(string Name, string Parameters, string Value);

    public sealed class Component(string name)
    {
        public string Name { get; } = name;
        public List<Property> Properties { get; } = [];
        public List<Component> Children { get; } = [];

        public Property Single(string name) =>
            Properties.Count(p => p.Name == name) == 1
                ? Properties.Single(p => p.Name == name)
                : throw new FormatException($"{Name} must have exactly one {name}, has {Properties.Count(p => p.Name == name)}.");

        /// <summary>A TEXT value with its escapes undone.</summary>
        public string Text(string name) => Unescape(Single(name).Value);
    }

    private static readonly HashSet<string> TextProperties = ["SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "LOCATION", "COMMENT"];

    public static Component Parse(byte[] bytes)
    {
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        if (!text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            throw new FormatException("The stream must end with CRLF.");
        }
        var physical = text[..^2].Split("\r\n");
        var lines = new List<string>();
        for (var i = 0; i < physical.Length; i++)
        {
            var line = physical[i];
            if (line.Contains('\r') || line.Contains('\n'))
            {
                throw new FormatException($"Line {i + 1} holds a bare CR or LF.");
            }
            var octets = Encoding.UTF8.GetByteCount(line);
            if (octets > 75)
            {
                throw new FormatException($"Line {i + 1} is {octets} octets long; the limit is 75.");
            }
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                if (lines.Count == 0)
                {
                    throw new FormatException("The stream starts with a continuation line.");
                }
                lines[^1] += line[1..];
            }
            else if (line.Length == 0)
            {
                throw new FormatException($"Line {i + 1} is empty.");
            }
            else
            {
                lines.Add(line);
            }
        }

        var stack = new Stack<Component>();
        Component? root = null;
        foreach (var line in lines)
        {
            var match = ContentLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"Not a content line: {line}");
            }
            var (name, parameters, value) = (match.Groups["name"].Value.ToUpperInvariant(), match.Groups["params"].Value, match.Groups["value"].Value);
            if (root is not null && stack.Count == 0)
            {
                throw new FormatException($"Content after END:VCALENDAR: {line}");
            }
            if (name == "BEGIN")
            {
                var component = new Component(value.ToUpperInvariant());
                if (stack.Count == 0)
                {
                    if (component.Name != "VCALENDAR")
                    {
                        throw new FormatException("The stream must start with BEGIN:VCALENDAR.");
                    }
                    root = component;
                }
                else
                {
                    stack.Peek().Children.Add(component);
                }
                stack.Push(component);
            }
            else if (name == "END")
            {
                if (stack.Count == 0 || stack.Peek().Name != value.ToUpperInvariant())
                {
                    throw new FormatException($"END:{value} does not close BEGIN:{(stack.Count == 0 ? "(nothing)" : stack.Peek().Name)}.");
                }
                stack.Pop();
            }
            else
            {
                if (stack.Count == 0)
                {
                    throw new FormatException($"Property outside any component: {line}");
                }
                if (TextProperties.Contains(name))
                {
                    Unescape(value);
                }
                stack.Peek().Properties.Add(new Property(name, parameters, value));
            }
        }
        if (root is null || stack.Count != 0)
        {
            throw new FormatException("BEGIN:VCALENDAR is never closed.");
        }
        Check(root);
        return root;
    }

    private static void Check(Component calendar)
    {
        if (calendar.Single("VERSION").Value != "2.0")
        {
            throw new FormatException("VERSION must be 2.0.");
        }
        calendar.Single("PRODID");
        if (calendar.Properties.Any(p => p.Name == "CALSCALE") && calendar.Single("CALSCALE").Value != "GREGORIAN")
        {
            throw new FormatException("CALSCALE must be GREGORIAN.");
        }
        var uids = new HashSet<string>();
        foreach (var e in calendar.Children.Where(c => c.Name == "VEVENT"))
        {
            if (!uids.Add(e.Single("UID").Value))
            {
                throw new FormatException($"UID {e.Single("UID").Value} appears twice.");
            }
            DateTime.ParseExact(e.Single("DTSTAMP").Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var start = Date(e.Single("DTSTART"));
            var end = Date(e.Single("DTEND"));
            if (end <= start)
            {
                throw new FormatException($"DTEND {end} is not after DTSTART {start}.");
            }
        }
    }

    public static DateOnly Date(Property property) =>
        property.Parameters == ";VALUE=DATE"
            ? DateOnly.ParseExact(property.Value, "yyyyMMdd", CultureInfo.InvariantCulture)
            : throw new FormatException($"{property.Name} must be a DATE value, is {property.Parameters}:{property.Value}.");

    /// <summary>Undoes TEXT escaping; a comma or semicolon left unescaped, or an unknown escape, is an error.</summary>
    public static string Unescape(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or ';')
            {
                throw new FormatException($"Unescaped '{c}' in TEXT value: {value}");
            }
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }
            if (++i == value.Length)
            {
                throw new FormatException($"TEXT value ends in a backslash: {value}");
            }
            text.Append(value[i] switch
            {
                '\\' => '\\',
                ';' => ';',
                ',' => ',',
                'n' or 'N' => '\n',
                _ => throw new FormatException($"Unknown escape \\{value[i]} in: {value}"),
            });
        }
        return text.ToString();
    }

    [GeneratedRegex("^(?<name>[A-Za-z0-9-]+)(?<params>(;[A-Za-z0-9-]+=(\"[^\"]*\"|[^\";:,]*)(,(\"[^\"]*\"|[^\";:,]*))*)*):(?<value>.*)$")]
    private static partial Regex ContentLine();
}
