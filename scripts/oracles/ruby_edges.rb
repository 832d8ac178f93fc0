# The require and autoload edges of a Ruby project by Ruby's own parser (Ripper) and Ruby's own load-path
# resolution, for scripts/oracles/ruby_compare.py. Usage: ruby ruby_edges.rb ROOT > edges.tsv
# The load path is every `lib` folder of the project (what `bundle exec` and a gemspec's
# require_paths add), then `spec` and `test`; `require_relative` is resolved against the file.
require "ripper"
require "pathname"
root = File.realpath(ARGV[0])
files = (Dir.glob("**/*.{rb,rake,gemspec,ru}", base: root) + Dir.glob("**/{Rakefile,Gemfile}", base: root)).reject { |p| p.start_with?("vendor/") || p.include?("/vendor/") }
libs = files.map { |p| File.dirname(p) }.flat_map { |d| d.split("/").each_index.map { |i| d.split("/")[0..i].join("/") } }
            .uniq.select { |d| %w[lib].include?(File.basename(d)) }.sort
libs = libs.map { |d| File.join(root, d) }

def calls(sexp, out)
  return unless sexp.is_a?(Array)
  # (command (@ident "require") (args_add_block ((string_literal (string_content (@tstring_content "x"))))))
  if %i[command method_add_arg].include?(sexp[0])
    name = sexp[0] == :command ? sexp[1] : (sexp[1].is_a?(Array) && sexp[1][0] == :fcall ? sexp[1][1] : nil)
    args = sexp[0] == :command ? sexp[2] : sexp[2]
    if name.is_a?(Array) && name[0] == :@ident && %w[require require_relative load].include?(name[1])
      lit = literal(args)
      out << [name[1], lit] if lit
    elsif name.is_a?(Array) && name[0] == :@ident && name[1] == "autoload"
      # autoload :Const, "path": the second argument
      list = args.is_a?(Array) && args[0] == :arg_paren ? args[1] : args
      list = list.is_a?(Array) && list[0] == :args_add_block ? list[1] : nil
      lit = list.is_a?(Array) && list[1] ? literal([:args_add_block, [list[1]]]) : nil
      out << ["require", lit] if lit
    end
  end
  sexp.each { |s| calls(s, out) }
end

def literal(args)
  args = args[1] if args.is_a?(Array) && args[0] == :arg_paren
  list = args.is_a?(Array) && args[0] == :args_add_block ? args[1] : nil
  first = list.is_a?(Array) ? list[0] : nil
  return nil unless first.is_a?(Array) && first[0] == :string_literal
  parts = first[1]
  return nil unless parts.is_a?(Array) && parts[0] == :string_content && parts.length == 2
  piece = parts[1]
  piece.is_a?(Array) && piece[0] == :@tstring_content ? piece[1] : nil
end

files.sort.each do |rel|
  path = File.join(root, rel)
  found = []
  calls(Ripper.sexp(File.read(path)), found) rescue next
  found.each do |how, name|
    target =
      if how == "require_relative"
        candidate = File.expand_path(name, File.dirname(path))
        candidate += ".rb" unless candidate.end_with?(".rb")
        File.exist?(candidate) ? candidate : nil
      else
        # RSpec puts the suite's `spec/` on the load path, and a Rake test task `test/`: the
        # folders of that name above the file, nearest first, then every `lib`.
        parts = File.dirname(rel).split("/")
        suites = parts.each_index.map { |i| parts[0..i].join("/") }.select { |d| %w[spec test].include?(File.basename(d)) }.reverse
        $LOAD_PATH.replace(suites.map { |d| File.join(root, d) } + libs)
        r = $LOAD_PATH.resolve_feature_path(name) rescue nil
        r = nil if r && r[0] != :rb
        r ||= [nil, File.join(root, name)] if how == "load" && File.exist?(File.join(root, name))
        r && r[1]
      end
    next unless target && target.start_with?(root + "/")
    puts [rel, target.delete_prefix(root + "/"), how].join("\t")
  end
end
