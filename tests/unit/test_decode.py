import pytest

from sitrep.errors import BinaryInputError, DecodeError, EmptyInputError, TooLargeError
from sitrep.ingest.decode import check_size, decode


def test_utf8_and_boms():
    assert decode("a.txt", "Türkiye – “quoted”".encode("utf-8")) == "Türkiye – “quoted”"
    assert decode("a.txt", "\ufeffhello".encode("utf-8")) == "hello"
    assert decode("a.txt", "Türkiye said".encode("utf-16")) == "Türkiye said"  # BOM written by the codec


def test_cp1252_is_decoded():
    data = "The minister said \u201cwe are ready\u201d \u2013 and left the caf\u00e9 at noon.".encode("cp1252")
    assert "\u201cwe are ready\u201d" in decode("a.txt", data)


# "\u3000 \u00a0" (ideographic and no-break spaces) and "\x1c" are whitespace to str.strip, not to
# bytes.strip: such a file was read as a document with no text instead of an empty file
@pytest.mark.parametrize("data", [b"", b"   \n\t ", "\u3000 \u00a0\n".encode("utf-8"), b"\x1c\x1d"])
def test_empty(data):
    with pytest.raises(EmptyInputError, match="a.txt: file is empty"):
        decode("a.txt", data)


def test_png_renamed_txt():
    with pytest.raises(BinaryInputError, match="img.txt: is a PNG image"):
        decode("img.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


def test_nul_bytes_are_binary():
    with pytest.raises(BinaryInputError):
        decode("x.txt", b"abc\x00def" * 10)


def test_garbage_bytes_fail_cleanly():
    with pytest.raises((DecodeError, BinaryInputError)) as exc:
        decode("x.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x03]) * 50)
    assert str(exc.value).startswith("x.txt: ")


def test_size_limit():
    check_size("a.txt", 10, 10)
    with pytest.raises(TooLargeError, match="over the size limit"):
        check_size("a.txt", 11, 10)
