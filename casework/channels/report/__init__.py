"""The anonymous report of suspected wrongdoing (EU Directive 2019/1937 deadlines)."""
