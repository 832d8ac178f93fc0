"""The PASS/FAIL lines every checker of the conformance suite prints, and its failure count."""


class Lines:
    def __init__(self):
        self.fails = 0

    def report(self, ok, what, msg=""):
        if ok:
            print(f"PASS {what}", flush=True)
        else:
            self.fails += 1
            print(f"FAIL {what}: {' '.join(str(msg).split())[:500]}", flush=True)

    def exit_code(self):
        return 1 if self.fails else 0
