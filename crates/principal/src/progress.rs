//! What the terminal shows while the engine works: a progress bar on stderr (only when stderr
//! is a terminal and `--quiet` is off), notes (not with `--quiet`) and warnings.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn new(quiet: bool, message: &'static str) -> Bar {
        if quiet || !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {pos}/{len} {wide_bar} {elapsed}")
                .expect("the template is valid"),
        );
        bar.set_message(message);
        Bar(Some(bar))
    }
}

impl principal_model::Progress for Bar {
    fn start(&self, total: u64) {
        if let Some(b) = &self.0 {
            b.reset();
            b.set_length(total);
        }
    }

    fn advance(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// The engine's reporter for the terminal.
pub struct Terminal {
    pub quiet: bool,
}

impl Terminal {
    /// A note that `--quiet` does not silence: what a command wrote, and where.
    #[allow(clippy::print_stderr)]
    pub fn say(&self, message: &str) {
        eprintln!("note: {}", principal_report::terminal::clean(message));
    }
}

impl principal_engine::Reporter for Terminal {
    fn progress(&self, message: &'static str) -> Box<dyn principal_model::Progress + '_> {
        Box::new(Bar::new(self.quiet, message))
    }

    #[allow(clippy::print_stderr)]
    fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("note: {}", principal_report::terminal::clean(message));
        }
    }

    #[allow(clippy::print_stderr)]
    fn warn(&self, message: &str) {
        eprintln!("warning: {}", principal_report::terminal::clean(message));
    }
}
