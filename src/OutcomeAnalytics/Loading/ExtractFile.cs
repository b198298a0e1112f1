namespace OutcomeAnalytics.Loading;

/// <summary>
/// A contract file of a load and the file its text is read from: the file itself, or, when its lines end unevenly
/// (<see cref="LineBreaks"/>), a copy in a folder of the load's own with every line break outside quotes a line feed,
/// under the same name. The copy has the same lines, so every line number and row text found in it holds for the file.
/// </summary>
internal sealed class ExtractFile(string path, string copies)
{
    /// <summary>How much of a file is looked at before it is read, for uneven line endings near its start.</summary>
    private const int LookAhead = 1 << 16;

    /// <summary>The file as the user gave it.</summary>
    public string Path { get; } = path;

    /// <summary>The file's name, which every message gives.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The file to read: <see cref="Path"/>, or its copy with even line endings.</summary>
    public string Source { get; private set; } = path;

    /// <summary>Reads from a copy when the file's first bytes show uneven line endings (a carriage return alone, or two kinds).</summary>
    public void EvenFromTheStart()
    {
        if (LineBreaks.Uneven(LineBreaks.Find(Path, LookAhead))) Even();
    }

    /// <summary>
    /// After a failed read: when the whole file's line endings are uneven and it is not read from a copy yet, reads from
    /// one from now on and returns true (read it again); otherwise false (the failure stands).
    /// </summary>
    public bool EvenAfterAFailure()
    {
        if (Source != Path || !LineBreaks.Uneven(LineBreaks.Find(Path))) return false;
        Even();
        return true;
    }

    private void Even()
    {
        Directory.CreateDirectory(copies);
        var copy = System.IO.Path.Combine(copies, Name);
        LineBreaks.Even(Path, copy);
        Source = copy;
    }
}
