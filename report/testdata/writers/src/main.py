import pkg.shapes
import pkg.util2
