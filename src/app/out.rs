//! How the command line prints: every line through [`out_line`] (or [`say!`]), so that a reader
//! that goes away ends a command quietly and no write error panics.

use std::io::Write;
use std::process::ExitCode;

/// Standard output could not be written: a reader that went away (`| head`), a full disk,
/// `/dev/full`. Returned like any error, so printing never panics.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the output: {0}")]
pub struct OutputError(#[from] std::io::Error);

impl OutputError {
    /// A closed pipe ends the command quietly (the reader has what it wanted); any other
    /// write error is said in one line on standard error.
    pub fn exit(&self) -> ExitCode {
        if self.0.kind() == std::io::ErrorKind::BrokenPipe {
            ExitCode::SUCCESS
        } else {
            complain(format_args!("roomsign: {self}"));
            ExitCode::FAILURE
        }
    }
}

/// Writes one line to standard output: the one way the command line prints.
pub fn out_line(line: std::fmt::Arguments) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(line)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// One line on standard error, even when nobody reads it any more.
pub fn complain(line: std::fmt::Arguments) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(line).and_then(|()| err.write_all(b"\n"));
}

/// `println!` through [`out_line`]: a write error returns from the calling function.
macro_rules! say {
    () => {
        $crate::app::out::out_line(format_args!(""))?
    };
    ($($arg:tt)*) => {
        $crate::app::out::out_line(format_args!($($arg)*))?
    };
}
pub(crate) use say;
