using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Writes the C# step definition an undefined step needs, as a Cucumber expression: quoted text becomes
/// <c>{string}</c>, whole-word numbers <c>{int}</c> or <c>{float}</c>, and a DataTable/DocString a last parameter.
/// </summary>
public static partial class StepSnippet
{
    [GeneratedRegex("\"[^\"]*\"|'[^']*'|(?<=^|\\s)-?\\d+(?:\\.\\d+)?(?=\\s|$|[,.;:!?](?:\\s|$))")]
    private static partial Regex ArgumentPattern();

    public static string For(StepDefinitionType? type, string stepText, bool hasDataTable, bool hasDocString)
    {
        var expression = new StringBuilder();
        var name = new StringBuilder(type?.ToString() ?? "Step");
        var parameters = new List<string>();
        var last = 0;
        foreach (Match match in ArgumentPattern().Matches(stepText))
        {
            AppendLiteral(stepText[last..match.Index], expression, name);
            var value = match.Value;
            if (value[0] is '"' or '\'')
            {
                expression.Append("{string}");
                parameters.Add($"string p{parameters.Count}");
            }
            else if (value.Contains('.', StringComparison.Ordinal))
            {
                expression.Append("{float}");
                parameters.Add($"double p{parameters.Count}");
            }
            else
            {
                expression.Append("{int}");
                parameters.Add($"int p{parameters.Count}");
            }

            last = match.Index + match.Length;
        }

        AppendLiteral(stepText[last..], expression, name);
        if (hasDataTable)
        {
            parameters.Add("Table table");
        }

        if (hasDocString)
        {
            parameters.Add("string docString");
        }

        var attribute = type?.ToString() ?? "StepDefinition";
        var code = new StringBuilder();
        code.AppendLine(CultureInfo.InvariantCulture, $"[{attribute}(\"{expression.ToString().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\")]");
        code.AppendLine(CultureInfo.InvariantCulture, $"public void {name}({string.Join(", ", parameters)})");
        code.AppendLine("{");
        code.AppendLine("    throw new PendingStepException();");
        code.Append('}');
        return code.ToString();
    }

    private static void AppendLiteral(string literal, StringBuilder expression, StringBuilder name)
    {
        foreach (var c in literal)
        {
            if (c is '(' or ')' or '{' or '}' or '/' or '\\')
            {
                expression.Append('\\');
            }

            expression.Append(c);
        }

        foreach (var word in Regex.Split(literal, "[^\\p{L}\\p{Nd}]+").Where(w => w.Length > 0))
        {
            name.Append(char.ToUpperInvariant(word[0])).Append(word[1..]);
        }
    }
}
