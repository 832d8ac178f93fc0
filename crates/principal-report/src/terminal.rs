//! Text from the analysed repository (file names, author names, commit messages, OSV
//! summaries) must not drive the terminal: an escape sequence in a file name can set the
//! window title, rewrite what was printed, or plant a link. [`Safe`] is the writer every text
//! output goes through: it passes text, newlines and tabs, and, when colour is on, the SGR
//! colour sequences Principal writes itself (`ESC [ digits ; … m`); every other control
//! character is replaced by `�`. JSON needs no such step (serde escapes control characters).

use std::borrow::Cow;
use std::io::{self, Write};

/// A control character a terminal may act on: C0 (but tab and newline), DEL and C1.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// `text` with every control character but newline and tab replaced by `�`.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_control(c) { '\u{fffd}' } else { c }).collect())
}

/// A writer that keeps control characters from reaching the terminal (see the module docs).
/// Sequences may span writes: the state carries over.
pub struct Safe<W: Write> {
    inner: W,
    /// Pass Principal's own colour sequences.
    allow_colour: bool,
    /// Bytes held back: an escape sequence not yet complete, or a UTF-8 character cut by a
    /// write boundary.
    pending: Vec<u8>,
}

impl<W: Write> Safe<W> {
    pub fn new(inner: W, allow_colour: bool) -> Safe<W> {
        Safe { inner, allow_colour, pending: Vec::new() }
    }

    /// Writes what can be decided, keeping an incomplete tail in `pending`.
    fn drain(&mut self, last: bool) -> io::Result<()> {
        let buf = std::mem::take(&mut self.pending);
        let mut out = Vec::with_capacity(buf.len());
        let mut i = 0;
        while i < buf.len() {
            let b = buf[i];
            if b == 0x1b {
                // ESC [ digits ; … m, allowed when colour is on.
                let mut j = i + 1;
                if j >= buf.len() && !last {
                    break;
                }
                if j < buf.len() && buf[j] == b'[' {
                    j += 1;
                    while j < buf.len() && (buf[j].is_ascii_digit() || buf[j] == b';') {
                        j += 1;
                    }
                    if j >= buf.len() && !last {
                        break;
                    }
                    if self.allow_colour && j < buf.len() && buf[j] == b'm' {
                        out.extend_from_slice(&buf[i..=j]);
                        i = j + 1;
                        continue;
                    }
                }
                out.extend_from_slice("\u{fffd}".as_bytes());
                i += 1;
                continue;
            }
            let len = match b {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => 1,
            };
            if i + len > buf.len() && !last {
                break;
            }
            let end = (i + len).min(buf.len());
            match std::str::from_utf8(&buf[i..end]) {
                Ok(s) => out.extend_from_slice(clean(s).as_bytes()),
                // Not UTF-8: passed as it is (it is not a control character in any encoding a
                // terminal acts on; C1 controls in UTF-8 are caught above).
                Err(_) => out.extend_from_slice(&buf[i..end]),
            }
            i = end;
        }
        self.pending = buf[i..].to_vec();
        self.inner.write_all(&out)
    }
}

impl<W: Write> Write for Safe<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(data);
        self.drain(false)?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain(true)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Safe<W> {
    fn drop(&mut self) {
        let _ = self.drain(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]], colour: bool) -> String {
        let mut out = Vec::new();
        {
            let mut w = Safe::new(&mut out, colour);
            for c in chunks {
                w.write_all(c).expect("write");
            }
            w.flush().expect("flush");
        }
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn escape_sequences_from_file_names_are_neutralised() {
        let title = "src/\u{1b}]0;pwned\u{7}evil.py\n";
        assert_eq!(through(&[title.as_bytes()], true), "src/\u{fffd}]0;pwned\u{fffd}evil.py\n");
        let cursor = "a\u{1b}[2Jb\u{9b}c\r\n";
        assert_eq!(through(&[cursor.as_bytes()], true), "a\u{fffd}[2Jb\u{fffd}c\u{fffd}\n");
    }

    #[test]
    fn principal_s_own_colours_pass_only_when_colour_is_on() {
        let text = "\u{1b}[33mx.py\u{1b}[0m\tok\n";
        assert_eq!(through(&[text.as_bytes()], true), text);
        assert_eq!(through(&[text.as_bytes()], false), "\u{fffd}[33mx.py\u{fffd}[0m\tok\n");
        // Split across writes, inside the sequence and inside a character.
        let b = "é\u{1b}[1mé".as_bytes();
        assert_eq!(through(&[&b[..1], &b[1..3], &b[3..6], &b[6..]], true), "é\u{1b}[1mé");
    }

    #[test]
    fn clean_replaces_controls_but_newline_and_tab() {
        assert_eq!(clean("a\tb\nc"), "a\tb\nc");
        assert_eq!(clean("a\u{1b}b\u{7f}"), "a\u{fffd}b\u{fffd}");
    }
}
