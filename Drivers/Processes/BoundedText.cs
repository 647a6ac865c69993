using System.Text;

namespace NetnsBdd.Drivers.Processes;

/// <summary>
/// Collects a stream's text up to a limit, keeping the head and the tail: a chatty tool cannot exhaust memory, and the
/// start (what ran) and the end (why it stopped) both survive.
/// </summary>
internal sealed class BoundedText(int maxChars)
{
    private readonly StringBuilder _head = new();
    private readonly Queue<char> _tail = new();
    private readonly int _headLimit = Math.Max(0, maxChars / 4);
    private readonly int _tailLimit = Math.Max(0, maxChars - maxChars / 4);
    private long _dropped;

    public void Append(ReadOnlySpan<char> text)
    {
        lock (_head)
        {
            foreach (var c in text)
            {
                if (_head.Length < _headLimit)
                {
                    _head.Append(c);
                    continue;
                }

                _tail.Enqueue(c);
                if (_tail.Count > _tailLimit)
                {
                    _tail.Dequeue();
                    _dropped++;
                }
            }
        }
    }

    public override string ToString()
    {
        lock (_head)
        {
            var marker = _dropped > 0 ? $"{System.Environment.NewLine}[... {_dropped} characters elided ...]{System.Environment.NewLine}" : "";
            return _head + marker + new string([.. _tail]);
        }
    }
}
