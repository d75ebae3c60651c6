from saferpractice.cli import main

main()
