using System.Text;

namespace ResearchHub.Library.Jobs;

/// <summary>Text gathered from a document, which stops growing at the most search keeps.</summary>
internal sealed class BoundedText(int maxChars)
{
    private readonly StringBuilder _text = new();

    public bool IsFull => _text.Length >= maxChars;

    public void Append(ReadOnlySpan<char> chars)
    {
        var room = maxChars - _text.Length;
        if (room > 0)
        {
            _text.Append(chars.Length > room ? chars[..room] : chars);
        }
    }

    public void Append(char c)
    {
        if (!IsFull)
        {
            _text.Append(c);
        }
    }

    public void Line() => Append('\n');

    public override string ToString() => _text.ToString();
}
