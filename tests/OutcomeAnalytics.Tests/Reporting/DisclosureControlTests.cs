using OutcomeAnalytics.Reporting;

namespace OutcomeAnalytics.Tests.Reporting;

public sealed class DisclosureControlTests
{
    private static CountTable Table(long[,] cells) => new("t", "Locality",
        Enumerable.Range(0, cells.GetLength(0)).Select(i => $"r{i}").ToList(),
        Enumerable.Range(0, cells.GetLength(1)).Select(i => $"c{i}").ToList(), cells);

    [Fact]
    public void Suppression_CountOfThree_ShowsLessThanFive()
    {
        var figure = DisclosureControl.Publication.Protect(3);
        Assert.Equal("<5", figure.Text);
        Assert.Null(figure.Value);
        Assert.Equal(CellProtection.Primary, figure.Protection);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(5, "5")]
    [InlineData(1234, "1,234")]
    public void Suppression_ZeroAndFiveAndMore_AreShown(long count, string text) =>
        Assert.Equal(text, DisclosureControl.Publication.Protect(count).Text);

    [Theory]
    [InlineData(7, "5")]
    [InlineData(8, "10")]
    [InlineData(1232, "1,230")]
    [InlineData(1233, "1,235")]
    public void Rounding_ToNearestFive_RoundsShownFigures(long count, string text) =>
        Assert.Equal(text, DisclosureControl.PublicationRounded.Protect(count).Text);

    [Fact]
    public void Rounding_Totals_AreRoundedFromTheTrueTotal()
    {
        var table = DisclosureControl.PublicationRounded.Protect(Table(new long[,] { { 6, 7 }, { 8, 9 } }));
        Assert.Equal(30, table.GrandTotal.Value); // 30 exactly, not 5 + 5 + 10 + 10
        Assert.Equal(15, table.RowTotal(0).Value); // 13 → 15
    }

    [Fact]
    public void None_ShowsEveryCount()
    {
        var table = DisclosureControl.None.Protect(Table(new long[,] { { 1, 2 }, { 3, 40 } }));
        Assert.Equal("1", table[0, 0].Text);
        Assert.False(table.AnyHidden);
    }

    [Fact]
    public void Secondary_OneSmallCellInARow_HidesAnotherCellOfThatRowAndColumn()
    {
        // Row 0: 3 is small; without secondary suppression 3 = row total 23 − 20.
        var table = DisclosureControl.Publication.Protect(Table(new long[,] { { 3, 20, 30 }, { 10, 12, 40 }, { 15, 16, 50 } }));
        Assert.Equal("<5", table[0, 0].Text);
        var hiddenInRow = Enumerable.Range(0, 4).Count(c => table[0, c].Value is null);
        var hiddenInColumn = Enumerable.Range(0, 4).Count(r => table[r, 0].Value is null);
        Assert.True(hiddenInRow >= 2, "row 0 hides a second figure");
        Assert.True(hiddenInColumn >= 2, "column 0 hides a second figure");
        Assert.Contains(Enumerable.Range(0, 3), c => table[0, c].Protection == CellProtection.Secondary);
        Assert.All(HiddenCells(table).Where(h => table[h.Row, h.Column].Protection == CellProtection.Secondary),
            h => Assert.Equal("[c]", table[h.Row, h.Column].Text));
    }

    [Fact]
    public void Secondary_AttackerSubtractingFromTotals_CannotRecoverTheHiddenValue()
    {
        var table = DisclosureControl.Publication.Protect(Table(new long[,] { { 2, 9, 11 }, { 8, 12, 14 } }));
        foreach (var (r, c) in HiddenCells(table))
            Assert.False(Derivable(table, r, c), $"cell ({r},{c}) can be worked out from the shown figures");
    }

    [Fact]
    public void Secondary_SmallTotal_IsHiddenAndProtected()
    {
        // Row 1 totals 4: the total itself is small, and so are its cells.
        var table = DisclosureControl.Publication.Protect(Table(new long[,] { { 10, 20 }, { 1, 3 }, { 12, 15 } }));
        Assert.Equal("<5", table.RowTotal(1).Text);
        foreach (var (r, c) in HiddenCells(table)) Assert.False(Derivable(table, r, c));
    }

    [Fact]
    public void Secondary_ManyRandomTables_NoHiddenValueIsDerivable()
    {
        var random = new Random(20250116);
        for (var trial = 0; trial < 300; trial++)
        {
            var rows = random.Next(1, 6);
            var columns = random.Next(1, 5);
            var cells = new long[rows, columns];
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                    cells[r, c] = random.NextDouble() < 0.3 ? random.Next(0, 5) : random.Next(5, 60);
            var table = DisclosureControl.Publication.Protect(Table(cells));
            foreach (var (r, c) in HiddenCells(table))
                Assert.False(Derivable(table, r, c), $"trial {trial}: cell ({r},{c}) of a {rows}×{columns} table can be derived");
        }
    }

    [Fact]
    public void Secondary_Off_LeavesDerivableCells()
    {
        // The check itself works: without secondary suppression the small cell is derivable.
        var control = DisclosureControl.Publication with { SecondarySuppression = false };
        var table = control.Protect(Table(new long[,] { { 3, 20 }, { 10, 12 } }));
        Assert.True(Derivable(table, 0, 0));
    }

    [Fact]
    public void Report_TableOfCounts_HasTotalsAndTheNote()
    {
        var html = ReportTable.Counts(Table(new long[,] { { 3, 20 }, { 10, 12 } })).ToHtml();
        Assert.Contains("<th scope=\"col\" class=\"num\">Total</th>", html);
        Assert.Contains("&lt;5", html);
        Assert.Contains("fewer than 5", html);
    }

    private static IEnumerable<(int Row, int Column)> HiddenCells(ProtectedTable table)
    {
        for (var r = 0; r <= table.Source.RowCount; r++)
            for (var c = 0; c <= table.Source.ColumnCount; c++)
                if (table[r, c].Value is null) yield return (r, c);
    }

    /// <summary>
    /// An attacker's view, independent of the suppression algorithm: unknowns are the hidden figures; every row and
    /// column (totals included) gives a linear equation. A hidden figure is derivable exactly when its unit vector lies
    /// in the row space of the equations' coefficients on the unknowns (Gaussian elimination over doubles, exact here).
    /// </summary>
    private static bool Derivable(ProtectedTable table, int row, int column)
    {
        int rows = table.Source.RowCount + 1, columns = table.Source.ColumnCount + 1;
        var unknowns = HiddenCells(table).ToList();
        var index = unknowns.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i);
        var equations = new List<double[]>();
        for (var r = 0; r < rows; r++) // cells of row r minus its total = 0
            equations.Add(Equation(Enumerable.Range(0, columns).Select(c => ((r, c), c == columns - 1 ? -1.0 : 1.0))));
        for (var c = 0; c < columns; c++)
            equations.Add(Equation(Enumerable.Range(0, rows).Select(r => ((r, c), r == rows - 1 ? -1.0 : 1.0))));
        var target = new double[unknowns.Count];
        target[index[(row, column)]] = 1;
        return Rank(equations) == Rank([.. equations, target]);

        double[] Equation(IEnumerable<((int, int) Cell, double Sign)> terms)
        {
            var coefficients = new double[unknowns.Count];
            foreach (var (cell, sign) in terms)
                if (index.TryGetValue(cell, out var i)) coefficients[i] += sign;
            return coefficients;
        }
    }

    private static int Rank(List<double[]> matrix)
    {
        var m = matrix.Select(r => (double[])r.Clone()).ToList();
        var rank = 0;
        var width = m.Count == 0 ? 0 : m[0].Length;
        for (var col = 0; col < width && rank < m.Count; col++)
        {
            var pivot = Enumerable.Range(rank, m.Count - rank).FirstOrDefault(i => Math.Abs(m[i][col]) > 1e-9, -1);
            if (pivot < 0) continue;
            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (var i = 0; i < m.Count; i++)
            {
                if (i == rank || Math.Abs(m[i][col]) < 1e-9) continue;
                var factor = m[i][col] / m[rank][col];
                for (var j = 0; j < width; j++) m[i][j] -= factor * m[rank][j];
            }
            rank++;
        }
        return rank;
    }
}
