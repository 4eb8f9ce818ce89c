using FileShare.Peer.Core.Files;

namespace FileShare.Peer.Tests.Files;

public sealed class ShareFolderTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TempDirectory _outside = new();

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc/passwd")]
    [InlineData("../../etc/passwd")]
    [InlineData("bad\u0001name")]
    [InlineData("")]
    public void NamesThatCouldEscapeAreRefused(string name)
    {
        var folder = new ShareFolder(_temp.Path);

        Assert.Null(folder.TryGetPath(name, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Null(folder.ResolveExistingFile(name));
    }

    [Fact]
    public void RegularFileInsideIsResolved()
    {
        _temp.File("report.txt");
        var folder = new ShareFolder(_temp.Path);

        Assert.Equal(Path.Combine(folder.Root, "report.txt"), folder.ResolveExistingFile("report.txt"));
    }

    [Fact]
    public void SymlinkPointingOutsideIsNotServed()
    {
        var secret = _outside.File("secret.txt", "top secret");
        File.CreateSymbolicLink(Path.Combine(_temp.Path, "innocent.txt"), secret);
        var folder = new ShareFolder(_temp.Path);

        Assert.Null(folder.ResolveExistingFile("innocent.txt"));
    }

    [Fact]
    public void SymlinkToAFileInsideIsFollowed()
    {
        _temp.File("real.txt");
        File.CreateSymbolicLink(Path.Combine(_temp.Path, "alias.txt"), Path.Combine(_temp.Path, "real.txt"));
        var folder = new ShareFolder(_temp.Path);

        Assert.Equal(Path.Combine(folder.Root, "real.txt"), folder.ResolveExistingFile("alias.txt"));
    }

    [Fact]
    public void DirectoriesAreNotFiles()
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, "folder"));
        var folder = new ShareFolder(_temp.Path);

        Assert.Null(folder.ResolveExistingFile("folder"));
        Assert.Null(folder.ResolveExistingFile(ShareFolder.StateFolderName));
    }

    [Fact]
    public void StateFolderNameIsReserved()
    {
        var folder = new ShareFolder(_temp.Path);

        Assert.Null(folder.TryGetPath(ShareFolder.StateFolderName, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void ListFilesShowsRegularFilesSorted()
    {
        _temp.File("b.txt");
        _temp.File("a.txt");
        Directory.CreateDirectory(Path.Combine(_temp.Path, "sub"));
        var folder = new ShareFolder(_temp.Path);

        Assert.Equal(["a.txt", "b.txt"], folder.ListFiles());
    }

    public void Dispose()
    {
        _temp.Dispose();
        _outside.Dispose();
    }
}
