//! The progress bar: on stderr, only when stderr is a terminal and `--quiet` is off.

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
