/// How long work (a scan, a history read) reports its progress. Called from many threads;
/// every method does nothing by default, so `Quiet` is a complete implementation.
pub trait Progress: Sync {
    /// The work found `total` items to process.
    fn start(&self, _total: u64) {}
    /// One more item is done.
    fn advance(&self) {}
    fn finish(&self) {}
}

/// A [`Progress`] that shows nothing.
pub struct Quiet;
impl Progress for Quiet {}
