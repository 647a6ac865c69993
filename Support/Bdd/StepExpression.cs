using System.Text;
using System.Text.RegularExpressions;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// A step definition's expression compiled to an anchored regex. Reqnroll's rule picks the dialect: an expression that
/// starts with <c>^</c> or ends with <c>$</c> is a regular expression; anything else is a Cucumber expression with
/// <c>{int} {long} {float} {double} {decimal} {word} {string} {}</c>, enum parameters by type name (<c>{Color}</c>),
/// optional text <c>(s)</c>, alternatives <c>a/b</c> and <c>\</c> escapes. (The Cucumber.CucumberExpressions package
/// does not restore here, hence this small compiler.)
/// </summary>
public sealed class StepExpression
{
    private const string IntPattern = @"[-+]?\d+";
    private const string FloatPattern = @"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?";
    private readonly int _parameterCount;
    private readonly IReadOnlySet<int> _quotedParameters;

    private StepExpression(string source, bool isRegularExpression, Regex regex, int parameterCount, IReadOnlySet<int> quotedParameters)
    {
        Source = source;
        IsRegularExpression = isRegularExpression;
        Regex = regex;
        _parameterCount = parameterCount;
        _quotedParameters = quotedParameters;
    }

    public string Source { get; }

    public bool IsRegularExpression { get; }

    public Regex Regex { get; }

    /// <summary>How many step arguments a match yields (not counting a DataTable/DocString).</summary>
    public int ParameterCount => _parameterCount;

    public static bool LooksLikeRegularExpression(string expression) =>
        expression.StartsWith('^') || expression.EndsWith('$');

    /// <summary>Compiles <paramref name="expression"/>; <paramref name="parameterTypes"/> resolve enum placeholders.</summary>
    /// <exception cref="BindingException">The expression is malformed or names an unknown parameter type.</exception>
    public static StepExpression Parse(string expression, IReadOnlyList<Type> parameterTypes)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (LooksLikeRegularExpression(expression))
        {
            var pattern = expression;
            if (!pattern.StartsWith('^'))
            {
                pattern = "^" + pattern;
            }

            if (!pattern.EndsWith('$'))
            {
                pattern += "$";
            }

            Regex regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new BindingException($"The regular expression \"{expression}\" is invalid: {e.Message}", e);
            }

            return new StepExpression(expression, true, regex, regex.GetGroupNumbers().Length - 1, new HashSet<int>());
        }

        var compiler = new CucumberCompiler(expression, parameterTypes);
        var body = compiler.Compile();
        return new StepExpression(
            expression, false, new Regex("^" + body + "$", RegexOptions.CultureInvariant), compiler.ParameterCount, compiler.QuotedParameters);
    }

    /// <summary>The argument texts of a match (null for an unmatched optional regex group), or null if no match.</summary>
    public IReadOnlyList<string?>? Match(string stepText)
    {
        var match = Regex.Match(stepText);
        if (!match.Success)
        {
            return null;
        }

        var values = new string?[_parameterCount];
        for (var i = 0; i < _parameterCount; i++)
        {
            var group = IsRegularExpression ? match.Groups[i + 1] : match.Groups["p" + i];
            values[i] = group.Success ? group.Value : null;
            if (group.Success && _quotedParameters.Contains(i))
            {
                values[i] = group.Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\'", "'", StringComparison.Ordinal);
            }
        }

        return values;
    }

    public override string ToString() => Source;

    private sealed class CucumberCompiler(string expression, IReadOnlyList<Type> parameterTypes)
    {
        private enum Kind
        {
            Text,
            Whitespace,
            Slash,
            Optional,
            Parameter,
        }

        private readonly record struct Token(Kind Kind, string Value);

        public int ParameterCount { get; private set; }

        public HashSet<int> QuotedParameters { get; } = new();

        public string Compile()
        {
            var tokens = Tokenize();
            var regex = new StringBuilder();
            var word = new List<Token>();
            foreach (var token in tokens)
            {
                if (token.Kind == Kind.Whitespace)
                {
                    EmitWord(word, regex);
                    word.Clear();
                    regex.Append(Regex.Escape(token.Value));
                }
                else
                {
                    word.Add(token);
                }
            }

            EmitWord(word, regex);
            return regex.ToString();
        }

        private void EmitWord(List<Token> word, StringBuilder regex)
        {
            if (!word.Any(t => t.Kind == Kind.Slash))
            {
                foreach (var token in word)
                {
                    Emit(token, regex);
                }

                return;
            }

            if (word.Any(t => t.Kind == Kind.Parameter))
            {
                throw new BindingException(
                    $"Cucumber expression \"{expression}\": an alternative (a/b) cannot contain a parameter; escape the slash as \\/ if it is literal.");
            }

            regex.Append("(?:");
            foreach (var token in word)
            {
                if (token.Kind == Kind.Slash)
                {
                    regex.Append('|');
                }
                else
                {
                    Emit(token, regex);
                }
            }

            regex.Append(')');
        }

        private void Emit(Token token, StringBuilder regex)
        {
            switch (token.Kind)
            {
                case Kind.Text:
                    regex.Append(Regex.Escape(token.Value));
                    break;
                case Kind.Optional:
                    regex.Append("(?:").Append(Regex.Escape(token.Value)).Append(")?");
                    break;
                case Kind.Parameter:
                    var index = ParameterCount++;
                    regex.Append(ParameterRegex(token.Value, index));
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected token {token.Kind}.");
            }
        }

        private string ParameterRegex(string name, int index)
        {
            var group = "p" + index;
            switch (name)
            {
                case "int":
                case "long":
                case "byte":
                case "short":
                case "biginteger":
                    return $"(?<{group}>{IntPattern})";
                case "float":
                case "double":
                case "decimal":
                    return $"(?<{group}>{FloatPattern})";
                case "word":
                    return $@"(?<{group}>[^\s]+)";
                case "string":
                    QuotedParameters.Add(index);
                    return $"(?:\"(?<{group}>[^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\"|'(?<{group}>[^'\\\\]*(?:\\\\.[^'\\\\]*)*)')";
                case "":
                    return $"(?<{group}>.*)";
            }

            var type = index < parameterTypes.Count ? parameterTypes[index] : null;
            var underlying = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
            if (underlying is null || !string.Equals(underlying.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new BindingException(
                    $"Cucumber expression \"{expression}\": unknown parameter type {{{name}}}. Use {{int}}, {{long}}, {{float}}, {{double}}, " +
                    $"{{decimal}}, {{word}}, {{string}}, {{}}, or the name of the enum type of method parameter #{index + 1}" +
                    (underlying is null ? " (the method has no such parameter)." : $" (it is {underlying.Name})."));
            }

            if (underlying.IsEnum)
            {
                var names = Enum.GetNames(underlying).OrderByDescending(n => n.Length).Select(Regex.Escape);
                return $"(?<{group}>(?i:{string.Join('|', names)}))";
            }

            return $"(?<{group}>.*)";
        }

        private List<Token> Tokenize()
        {
            var tokens = new List<Token>();
            var text = new StringBuilder();

            void FlushText()
            {
                if (text.Length > 0)
                {
                    tokens.Add(new Token(Kind.Text, text.ToString()));
                    text.Clear();
                }
            }

            for (var i = 0; i < expression.Length; i++)
            {
                var c = expression[i];
                switch (c)
                {
                    case '\\' when i + 1 < expression.Length:
                        text.Append(expression[++i]);
                        break;
                    case '{':
                        FlushText();
                        var close = expression.IndexOf('}', i);
                        if (close < 0)
                        {
                            throw new BindingException($"Cucumber expression \"{expression}\": '{{' at column {i + 1} is not closed; escape it as \\{{ if it is literal.");
                        }

                        tokens.Add(new Token(Kind.Parameter, expression[(i + 1)..close].Trim()));
                        i = close;
                        break;
                    case '(':
                        FlushText();
                        var optional = new StringBuilder();
                        var j = i + 1;
                        for (; j < expression.Length && expression[j] != ')'; j++)
                        {
                            if (expression[j] == '\\' && j + 1 < expression.Length)
                            {
                                j++;
                            }
                            else if (expression[j] is '{' or '(')
                            {
                                throw new BindingException($"Cucumber expression \"{expression}\": optional text at column {i + 1} cannot contain a parameter or another optional.");
                            }

                            optional.Append(expression[j]);
                        }

                        if (j >= expression.Length)
                        {
                            throw new BindingException($"Cucumber expression \"{expression}\": '(' at column {i + 1} is not closed; escape it as \\( if it is literal.");
                        }

                        tokens.Add(new Token(Kind.Optional, optional.ToString()));
                        i = j;
                        break;
                    case '/':
                        FlushText();
                        tokens.Add(new Token(Kind.Slash, "/"));
                        break;
                    default:
                        if (char.IsWhiteSpace(c))
                        {
                            FlushText();
                            tokens.Add(new Token(Kind.Whitespace, c.ToString()));
                        }
                        else
                        {
                            text.Append(c);
                        }

                        break;
                }
            }

            FlushText();
            return tokens;
        }
    }
}
