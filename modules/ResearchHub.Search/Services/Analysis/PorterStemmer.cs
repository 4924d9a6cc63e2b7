namespace ResearchHub.Search.Services.Analysis;

/// <summary>
/// M. F. Porter's 1980 suffix-stripping algorithm, the one SQLite's <c>porter</c> tokenizer applies,
/// so words analysed here meet the index's terms: "evaluations" and "evaluated" both become "evalu".
/// Words shorter than three characters, longer than 64, or with characters beyond ASCII pass through
/// unchanged. As in FTS5, digits are stemmed like consonants ("500degrees" becomes "500degre").
/// </summary>
public static class PorterStemmer
{
    private const int MaxLength = 64;

    private static readonly (string Suffix, string Replacement)[] Step2 =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
        ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
        ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3 =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
    ];

    public static string Stem(string word)
    {
        if (word.Length < 3 || word.Length > MaxLength || !IsPlain(word))
        {
            return word;
        }

        var w = new Word(word);
        w.Step1a();
        w.Step1b();
        w.Step1c();
        w.Replace(Step2, minimumMeasure: 1);
        w.Replace(Step3, minimumMeasure: 1);
        w.Step4();
        w.Step5();
        return w.ToString();
    }

    private static bool IsPlain(string word)
    {
        foreach (var c in word)
        {
            if (c > 127)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The word being stemmed: its letters and the current end (letters past it are cut).</summary>
    private sealed class Word(string text)
    {
        private readonly char[] _b = text.ToCharArray();
        private int _end = text.Length;

        public override string ToString() => new(_b, 0, _end);

        public void Step1a()
        {
            if (EndsWith("sses") || EndsWith("ies"))
            {
                _end -= 2;
            }
            else if (_end >= 2 && _b[_end - 1] == 's' && _b[_end - 2] != 's')
            {
                _end--;
            }
        }

        public void Step1b()
        {
            if (EndsWith("eed"))
            {
                if (Measure(_end - 3) > 0)
                {
                    _end--;
                }

                return;
            }

            int stem;
            if (EndsWith("ed"))
            {
                stem = _end - 2;
            }
            else if (EndsWith("ing"))
            {
                stem = _end - 3;
            }
            else
            {
                return;
            }

            if (!HasVowel(stem))
            {
                return;
            }

            _end = stem;
            if (EndsWith("at") || EndsWith("bl") || EndsWith("iz"))
            {
                Append('e');
            }
            else if (DoubleConsonant(_end) && _b[_end - 1] is not ('l' or 's' or 'z'))
            {
                _end--;
            }
            else if (Measure(_end) == 1 && Cvc(_end))
            {
                Append('e');
            }
        }

        public void Step1c()
        {
            if (_end > 1 && _b[_end - 1] == 'y' && HasVowel(_end - 1))
            {
                _b[_end - 1] = 'i';
            }
        }

        public void Replace((string Suffix, string Replacement)[] rules, int minimumMeasure)
        {
            foreach (var (suffix, replacement) in rules)
            {
                if (EndsWith(suffix))
                {
                    var stem = _end - suffix.Length;
                    if (Measure(stem) >= minimumMeasure)
                    {
                        _end = stem;
                        foreach (var c in replacement)
                        {
                            Append(c);
                        }
                    }

                    return;
                }
            }
        }

        public void Step4()
        {
            foreach (var suffix in Step4Suffixes)
            {
                if (!EndsWith(suffix))
                {
                    continue;
                }

                var stem = _end - suffix.Length;
                if (suffix == "ion" && (stem == 0 || _b[stem - 1] is not ('s' or 't')))
                {
                    return;
                }

                if (Measure(stem) > 1)
                {
                    _end = stem;
                }

                return;
            }
        }

        public void Step5()
        {
            if (_b[_end - 1] == 'e')
            {
                var m = Measure(_end - 1);
                if (m > 1 || (m == 1 && !Cvc(_end - 1)))
                {
                    _end--;
                }
            }

            if (_end > 1 && _b[_end - 1] == 'l' && DoubleConsonant(_end) && Measure(_end) > 1)
            {
                _end--;
            }
        }

        private void Append(char c)
        {
            // Appending never runs past the original word: every rule that appends first removed more letters.
            _b[_end++] = c;
        }

        private bool EndsWith(string suffix)
        {
            if (suffix.Length > _end)
            {
                return false;
            }

            return new ReadOnlySpan<char>(_b, _end - suffix.Length, suffix.Length).SequenceEqual(suffix);
        }

        private bool IsConsonant(int i) => _b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        /// <summary>m in [C](VC)^m[V] for the first <paramref name="length"/> letters.</summary>
        private int Measure(int length)
        {
            var i = 0;
            while (i < length && IsConsonant(i))
            {
                i++;
            }

            var m = 0;
            while (i < length)
            {
                while (i < length && !IsConsonant(i))
                {
                    i++;
                }

                if (i >= length)
                {
                    break;
                }

                while (i < length && IsConsonant(i))
                {
                    i++;
                }

                m++;
            }

            return m;
        }

        private bool HasVowel(int length)
        {
            for (var i = 0; i < length; i++)
            {
                if (!IsConsonant(i))
                {
                    return true;
                }
            }

            return false;
        }

        private bool DoubleConsonant(int length) =>
            length >= 2 && _b[length - 1] == _b[length - 2] && IsConsonant(length - 1);

        /// <summary>Ends consonant-vowel-consonant, the last not w, x or y ("hop", not "how").</summary>
        private bool Cvc(int length) =>
            length >= 3 && IsConsonant(length - 1) && !IsConsonant(length - 2) && IsConsonant(length - 3)
            && _b[length - 1] is not ('w' or 'x' or 'y');
    }
}
