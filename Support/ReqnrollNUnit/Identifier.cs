using System.Text;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>"Ten clients download the file in parallel" → "TenClientsDownloadTheFileInParallel", like Reqnroll's generator.</summary>
public static class Identifier
{
    public static string Of(string text)
    {
        var name = new StringBuilder();
        foreach (var word in text.Split(c => !char.IsLetterOrDigit(c)))
        {
            name.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }

        return name.Length == 0 ? "_" : char.IsDigit(name[0]) ? "_" + name : name.ToString();
    }

    private static IEnumerable<string> Split(this string text, Func<char, bool> separator)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || separator(text[i]))
            {
                if (i > start)
                {
                    yield return text[start..i];
                }

                start = i + 1;
            }
        }
    }
}
